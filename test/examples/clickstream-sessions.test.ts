import { expect } from 'chai';
import { clickstreamSessions, SESSION_GAP_MS, USERS_SHOWN, type Session } from '../../examples/clickstream-sessions/main.js';

/** Session windows computed directly from the clicks: a new session after more than the gap. */
function expectedSessions(clicks: { userId: number; timeMs: number }[]): Session[] {
  const sessions: Session[] = [];
  const byUser = new Map<number, number[]>();
  for (const c of clicks) if (c.userId <= USERS_SHOWN) byUser.set(c.userId, [...(byUser.get(c.userId) ?? []), c.timeMs]);
  for (const [userId, times] of [...byUser].sort((a, b) => a[0] - b[0])) {
    times.sort((a, b) => a - b);
    let start = times[0]!;
    let end = start;
    let n = 0;
    for (const t of times) {
      if (t - end > SESSION_GAP_MS) {
        sessions.push({ userId, startMs: start, endMs: end, clicks: n });
        start = t;
        n = 0;
      }
      end = t;
      n++;
    }
    sessions.push({ userId, startMs: start, endMs: end, clicks: n });
  }
  return sessions;
}

describe('examples/clickstream-sessions', function () {
  this.timeout(60_000);

  it('turns the seeded datagen clickstream into exactly the expected per-user sessions', async () => {
    const { sessions, clicks } = await clickstreamSessions();
    expect(clicks).to.have.length(300);
    expect(sessions).to.deep.equal(expectedSessions(clicks));
    // The seed fixes the data: 18 sessions for users 1-5, user 2's longest has 4 clicks over 580 ms.
    expect(sessions).to.have.length(18);
    expect(sessions.filter((s) => s.userId === 2).map((s) => s.clicks)).to.deep.equal([1, 1, 2, 4]);
    expect(sessions.find((s) => s.clicks === 4)).to.deep.include({ userId: 2, endMs: sessions.find((s) => s.clicks === 4)!.startMs + 580 });
  });
});
