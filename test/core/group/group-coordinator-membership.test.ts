import { expect } from 'chai';
import { decodeGroupMetadataValue, decodeOffsetsTopicKey } from '../../../core/group/offsets-topic-codec.js';
import {
  assignmentFor,
  heartbeat,
  INITIAL_DELAY_MS,
  join,
  joinNew,
  REBALANCE_MS,
  rctx,
  SESSION_MS,
  setup,
  stableGroup,
  sync,
  waitForJoins,
} from './group-test-helpers.js';

describe('GroupCoordinator: joining', () => {
  it('answers a v4+ join without a member id with MEMBER_ID_REQUIRED and a generated member id', () => {
    const { coord } = setup();
    const res = join(coord, 'g', {}, 4, 'app').get();
    expect(res.errorCode).to.equal(79);
    expect(res.memberId).to.equal('app-1');
    expect(res.generationId).to.equal(-1);
    expect(res.members).to.deep.equal([]);
  });

  it('lets the member in when it rejoins with the handed-out id, after the initial rebalance delay', () => {
    const { clock, coord } = setup();
    const answer = joinNew(coord, 'g');
    expect(answer.answered).to.equal(false);
    clock.advance(INITIAL_DELAY_MS - 1);
    coord.tick();
    expect(answer.answered).to.equal(false);
    clock.advance(1);
    coord.tick();
    const res = answer.get();
    expect(res.errorCode).to.equal(0);
    expect(res.generationId).to.equal(1);
    expect(res.leader).to.equal(res.memberId);
    expect(res.protocolName).to.equal('range');
    expect(res.members.map((m) => m.memberId)).to.deep.equal([res.memberId]);
  });

  it('forgets a handed-out member id that is not used within the session timeout', () => {
    const { clock, coord } = setup();
    const first = join(coord, 'g').get();
    clock.advance(SESSION_MS);
    coord.tick();
    expect(coord.groupState('g')).to.equal(undefined);
    expect(join(coord, 'g', { memberId: first.memberId }).get().errorCode).to.equal(25);
  });

  it('lets a v0-3 member join without MEMBER_ID_REQUIRED', () => {
    const { clock, coord } = setup();
    const answer = join(coord, 'g', {}, 3);
    clock.advance(INITIAL_DELAY_MS);
    coord.tick();
    expect(answer.get().errorCode).to.equal(0);
    expect(answer.get().memberId).to.equal('c-1');
  });

  it('sends "" instead of a null protocol name before JoinGroup v7', () => {
    const { coord } = setup();
    expect(join(coord, 'g', {}, 5).get().protocolName).to.equal('');
    expect(join(coord, 'g', {}, 7).get().protocolName).to.equal(null);
  });

  it('rejects a session timeout outside the configured range with INVALID_SESSION_TIMEOUT', () => {
    const { coord } = setup();
    expect(join(coord, 'g', { sessionTimeoutMs: 5999 }).get().errorCode).to.equal(26);
    expect(join(coord, 'g', { sessionTimeoutMs: 1800001 }).get().errorCode).to.equal(26);
  });

  it('rejects an empty group id with INVALID_GROUP_ID', () => {
    const { coord } = setup();
    expect(join(coord, '').get().errorCode).to.equal(24);
  });

  it('rejects a member that shares no protocol with the group with INCONSISTENT_GROUP_PROTOCOL', () => {
    const { clock, coord } = setup();
    stableGroup(clock, coord, 'g', 1, { protocols: ['range'] });
    expect(join(coord, 'g', { protocols: ['roundrobin'] }).get().errorCode).to.equal(23);
    expect(join(coord, 'g', { protocolType: 'connect' }).get().errorCode).to.equal(23);
  });

  it('rejects a first member with an empty protocol list with INCONSISTENT_GROUP_PROTOCOL', () => {
    const { coord } = setup();
    expect(join(coord, 'g', { protocols: [] }).get().errorCode).to.equal(23);
  });

  it('chooses a protocol every member supports, the one most members prefer', () => {
    const { clock, coord } = setup();
    const a = joinNew(coord, 'g', { protocols: ['roundrobin', 'range'] }, 'a');
    const b = joinNew(coord, 'g', { protocols: ['range', 'roundrobin'] }, 'b');
    const c = joinNew(coord, 'g', { protocols: ['range', 'cooperative-sticky'] }, 'c');
    waitForJoins(clock, coord, [a, b, c]);
    for (const answer of [a, b, c]) expect(answer.get().protocolName).to.equal('range');
  });

  it('extends the initial delay while new members keep arriving, up to the rebalance timeout', () => {
    const { clock, coord } = setup();
    const a = joinNew(coord, 'g', {}, 'a');
    clock.advance(INITIAL_DELAY_MS - 1);
    const b = joinNew(coord, 'g', {}, 'b');
    clock.advance(1);
    coord.tick();
    expect(a.answered, 'extended because b arrived').to.equal(false);
    expect(coord.nextDeadlineMs()).to.equal(clock.nowMs() + INITIAL_DELAY_MS);
    clock.advance(INITIAL_DELAY_MS);
    coord.tick();
    expect(a.get().generationId).to.equal(1);
    expect(b.get().generationId).to.equal(1);
  });

  it('refuses members beyond groupMaxSize with GROUP_MAX_SIZE_REACHED', () => {
    const { clock, coord } = setup({ groupMaxSize: 2 });
    stableGroup(clock, coord, 'g', 2);
    expect(join(coord, 'g', {}, 5, 'third').get().errorCode).to.equal(81);
  });

  it('counts handed-out member ids against groupMaxSize, so they cannot pile up', () => {
    const { coord } = setup({ groupMaxSize: 2 });
    expect(join(coord, 'g').get().errorCode).to.equal(79);
    expect(join(coord, 'g').get().errorCode).to.equal(79);
    expect(join(coord, 'g').get().errorCode).to.equal(81);
  });

  it('uses the session timeout as the rebalance timeout for JoinGroup v0', () => {
    const { clock, coord } = setup({ groupInitialRebalanceDelayMs: 0 });
    const a = join(coord, 'g', { rebalanceTimeoutMs: 999_999 }, 0);
    coord.tick();
    const memberId = a.get().memberId;
    sync(coord, 'g', memberId, 1, []);
    join(coord, 'g', {}, 0, 'b'); // a newcomer: the group waits for memberId to rejoin
    expect(coord.nextDeadlineMs()).to.equal(clock.nowMs() + SESSION_MS);
  });

  it('tells an older parked JoinGroup of the same member to rejoin when a newer one arrives', () => {
    const { clock, coord } = setup();
    const { memberIds } = stableGroup(clock, coord, 'g', 2);
    const first = join(coord, 'g', { memberId: memberIds[0] });
    const retry = join(coord, 'g', { memberId: memberIds[0] });
    expect(first.get().errorCode).to.equal(27);
    expect(retry.answered).to.equal(false);
  });

  it('reports the next deadline so a driver can sleep until then', () => {
    const { clock, coord } = setup();
    expect(coord.nextDeadlineMs()).to.equal(null);
    joinNew(coord, 'g');
    expect(coord.nextDeadlineMs()).to.equal(clock.nowMs() + INITIAL_DELAY_MS);
  });
});

describe('GroupCoordinator: rebalancing', () => {
  it('gives the leader every member\'s metadata and the followers none', () => {
    const { clock, coord } = setup();
    const a = joinNew(coord, 'g', { topics: ['a'] }, 'a');
    const b = joinNew(coord, 'g', { topics: ['b'] }, 'b');
    waitForJoins(clock, coord, [a, b]);
    const [leader, follower] = a.get().leader === a.get().memberId ? [a.get(), b.get()] : [b.get(), a.get()];
    expect(leader.members.map((m) => m.memberId).sort()).to.deep.equal([a.get().memberId, b.get().memberId].sort());
    expect(leader.members.every((m) => m.metadata.length > 0)).to.equal(true);
    expect(follower.members).to.deep.equal([]);
    expect(follower.leader).to.equal(leader.memberId);
  });

  it('parks followers\' SyncGroup until the leader\'s assignment arrives, then gives each its own', () => {
    const { clock, coord } = setup();
    const a = joinNew(coord, 'g', {}, 'a');
    const b = joinNew(coord, 'g', {}, 'b');
    waitForJoins(clock, coord, [a, b]);
    const leaderId = a.get().leader;
    const followerId = [a.get().memberId, b.get().memberId].find((id) => id !== leaderId)!;
    const followerSync = sync(coord, 'g', followerId, 1);
    expect(followerSync.answered).to.equal(false);
    const assignments = [leaderId, followerId].map((memberId) => ({ memberId, assignment: assignmentFor(memberId) }));
    const leaderSync = sync(coord, 'g', leaderId, 1, assignments);
    expect(leaderSync.get().assignment).to.deep.equal(assignmentFor(leaderId));
    expect(followerSync.get().assignment).to.deep.equal(assignmentFor(followerId));
    expect(coord.groupState('g')).to.equal('Stable');
  });

  it('rebalances when a third member joins a stable group of two, and the generation increments', () => {
    const { clock, coord } = setup();
    const { memberIds, generationId, leaderId } = stableGroup(clock, coord, 'g', 2);
    expect(generationId).to.equal(1);
    const third = joinNew(coord, 'g', {}, 'third');
    expect(coord.groupState('g')).to.equal('PreparingRebalance');
    for (const id of memberIds) expect(heartbeat(coord, 'g', id, 1)).to.equal(27);
    const rejoins = memberIds.map((id) => join(coord, 'g', { memberId: id }));
    const all = [...rejoins, third].map((a) => a.get());
    expect(all.every((r) => r.generationId === 2)).to.equal(true);
    const leader = all.find((r) => r.memberId === leaderId)!;
    expect(leader.members).to.have.length(3);
    const ids = all.map((r) => r.memberId);
    sync(coord, 'g', leaderId, 2, ids.map((memberId) => ({ memberId, assignment: assignmentFor(memberId) })));
    for (const id of ids) expect(sync(coord, 'g', id, 2).get().assignment).to.deep.equal(assignmentFor(id));
  });

  it('answers SyncGroup with ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID and REBALANCE_IN_PROGRESS when it must', () => {
    const { clock, coord } = setup();
    const { memberIds } = stableGroup(clock, coord, 'g', 2);
    expect(sync(coord, 'g', memberIds[0], 7).get().errorCode).to.equal(22);
    expect(sync(coord, 'g', 'stranger', 1).get().errorCode).to.equal(25);
    join(coord, 'g', { memberId: memberIds[0] }); // the leader rejoins: a rebalance starts
    expect(sync(coord, 'g', memberIds[1], 1).get().errorCode).to.equal(27);
  });

  it('answers Heartbeat with ILLEGAL_GENERATION and UNKNOWN_MEMBER_ID when it must', () => {
    const { clock, coord } = setup();
    const { memberIds } = stableGroup(clock, coord, 'g', 1);
    expect(heartbeat(coord, 'g', memberIds[0], 1)).to.equal(0);
    expect(heartbeat(coord, 'g', memberIds[0], 0)).to.equal(22);
    expect(heartbeat(coord, 'g', 'stranger', 1)).to.equal(25);
    expect(heartbeat(coord, 'unknown-group', 'stranger', 1)).to.equal(25);
  });

  it('evicts a member that stops heartbeating after its session timeout, and the rest rebalance', () => {
    const { clock, coord } = setup();
    const { memberIds } = stableGroup(clock, coord, 'g', 2);
    const [alive, silent] = memberIds;
    for (let t = 0; t < 3; t++) {
      clock.advance(SESSION_MS / 3 - 1);
      expect(heartbeat(coord, 'g', alive, 1)).to.equal(0);
    }
    clock.advance(3); // silent's session has now run out
    expect(heartbeat(coord, 'g', alive, 1)).to.equal(27);
    const rejoin = join(coord, 'g', { memberId: alive });
    expect(rejoin.get().generationId).to.equal(2);
    expect(rejoin.get().members.map((m) => m.memberId)).to.deep.equal([alive]);
    expect(heartbeat(coord, 'g', silent, 1)).to.equal(25);
  });

  it('rebalances the rest when a member leaves (LeaveGroup v3 with a members list)', () => {
    const { clock, coord } = setup();
    const { memberIds } = stableGroup(clock, coord, 'g', 2);
    const res = coord.leaveGroup({ groupId: 'g', members: [{ memberId: memberIds[1], groupInstanceId: null }] }, rctx(3));
    expect(res.errorCode).to.equal(0);
    expect(res.members).to.deep.equal([{ memberId: memberIds[1], groupInstanceId: null, errorCode: 0 }]);
    expect(heartbeat(coord, 'g', memberIds[0], 1)).to.equal(27);
    expect(join(coord, 'g', { memberId: memberIds[0] }).get().generationId).to.equal(2);
  });

  it('answers LeaveGroup v0-2 for its one member in the top-level error', () => {
    const { clock, coord } = setup();
    stableGroup(clock, coord, 'g', 1);
    expect(coord.leaveGroup({ groupId: 'g', memberId: 'stranger' }, rctx(1)).errorCode).to.equal(25);
  });

  it('removes members that do not rejoin within the rebalance timeout', () => {
    const { clock, coord } = setup();
    const { memberIds } = stableGroup(clock, coord, 'g', 3);
    const [a, b, lazy] = memberIds;
    const rejoinA = join(coord, 'g', { memberId: a }); // a rejoins: the rebalance starts
    const rejoinB = join(coord, 'g', { memberId: b });
    for (let t = 0; t < REBALANCE_MS; t += SESSION_MS / 2) {
      clock.advance(SESSION_MS / 2);
      heartbeat(coord, 'g', lazy, 1); // alive, but never rejoins
      coord.tick();
    }
    expect(rejoinA.get().generationId).to.equal(2);
    expect(rejoinA.get().members.map((m) => m.memberId).sort()).to.deep.equal([a, b].sort());
    expect(rejoinB.get().errorCode).to.equal(0);
    expect(heartbeat(coord, 'g', lazy, 1)).to.equal(25);
  });

  it('removes members that do not send SyncGroup within the rebalance timeout', () => {
    const { clock, coord } = setup();
    const a = joinNew(coord, 'g', {}, 'a');
    const b = joinNew(coord, 'g', {}, 'b');
    waitForJoins(clock, coord, [a, b]);
    const leaderId = a.get().leader;
    const followerId = [a.get().memberId, b.get().memberId].find((id) => id !== leaderId)!;
    const leaderSync = sync(coord, 'g', leaderId, 1, []);
    expect(leaderSync.get().errorCode).to.equal(0);
    for (let t = 0; t < REBALANCE_MS; t += SESSION_MS / 2) {
      clock.advance(SESSION_MS / 2);
      heartbeat(coord, 'g', leaderId, 1);
      heartbeat(coord, 'g', followerId, 1);
      coord.tick();
    }
    expect(coord.groupState('g')).to.equal('PreparingRebalance');
    expect(heartbeat(coord, 'g', followerId, 1)).to.equal(25);
  });

  it('writes the group\'s generation, protocol and assignments once the leader has synced', () => {
    const { clock, coord } = setup();
    const { memberIds, leaderId } = stableGroup(clock, coord, 'g', 2);
    const records = coord.drainRecords();
    expect(records).to.have.length(1);
    expect(decodeOffsetsTopicKey(records[0].key)).to.deep.equal({ type: 'group', group: 'g' });
    const value = decodeGroupMetadataValue(records[0].value!);
    expect(value).to.include({ protocolType: 'consumer', generation: 1, protocol: 'range', leader: leaderId });
    expect(value.members.map((m) => m.memberId).sort()).to.deep.equal([...memberIds].sort());
    for (const m of value.members) expect(m.assignment).to.deep.equal(assignmentFor(m.memberId));
  });
});

describe('GroupCoordinator: static membership', () => {
  function staticGroup() {
    const { clock, coord } = setup();
    const joins = ['i-a', 'i-b'].map((instance) => join(coord, 'g', { groupInstanceId: instance }, 5, instance));
    waitForJoins(clock, coord, joins);
    const [a, b] = joins.map((j) => j.get());
    const assignments = [a, b].map((r) => ({ memberId: r.memberId, assignment: assignmentFor(r.memberId) }));
    sync(coord, 'g', a.leader, 1, assignments, a.leader === a.memberId ? 'i-a' : 'i-b');
    sync(coord, 'g', a.leader === a.memberId ? b.memberId : a.memberId, 1, [], a.leader === a.memberId ? 'i-b' : 'i-a');
    return { clock, coord, a, b };
  }

  it('joins a static member without MEMBER_ID_REQUIRED', () => {
    const { a, b } = staticGroup();
    expect(a.errorCode).to.equal(0);
    expect(b.errorCode).to.equal(0);
  });

  it('lets a restarted static member take over with a new member id, in the same generation, without a rebalance', () => {
    const { coord, a } = staticGroup();
    const restarted = join(coord, 'g', { groupInstanceId: 'i-a' }, 5, 'i-a').get();
    expect(restarted.errorCode).to.equal(0);
    expect(restarted.memberId).to.not.equal(a.memberId);
    expect(restarted.generationId).to.equal(1);
    expect(coord.groupState('g')).to.equal('Stable');
    const res = sync(coord, 'g', restarted.memberId, 1, [], 'i-a').get();
    expect(res.errorCode).to.equal(0);
    expect(res.assignment).to.deep.equal(assignmentFor(a.memberId), 'the old assignment');
  });

  it('fences the old member id of a restarted static member with FENCED_INSTANCE_ID', () => {
    const { coord, a } = staticGroup();
    join(coord, 'g', { groupInstanceId: 'i-a' }, 5, 'i-a');
    expect(heartbeat(coord, 'g', a.memberId, 1, 'i-a')).to.equal(82);
    expect(sync(coord, 'g', a.memberId, 1, [], 'i-a').get().errorCode).to.equal(82);
  });

  it('rebalances when a restarted static member comes back with different metadata', () => {
    const { coord } = staticGroup();
    join(coord, 'g', { groupInstanceId: 'i-a', topics: ['other'] }, 5, 'i-a');
    expect(coord.groupState('g')).to.equal('PreparingRebalance');
  });

  it('removes a static member by its group instance id alone (LeaveGroup v3)', () => {
    const { coord, b } = staticGroup();
    const res = coord.leaveGroup({ groupId: 'g', members: [{ memberId: '', groupInstanceId: 'i-b' }] }, rctx(3));
    expect(res.members![0].errorCode).to.equal(0);
    expect(heartbeat(coord, 'g', b.memberId, 1, 'i-b')).to.equal(25);
    expect(coord.groupState('g')).to.equal('PreparingRebalance');
  });
});
