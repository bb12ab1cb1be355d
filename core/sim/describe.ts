/** One-line renderings of Raft messages, for simulator traces and test transcripts. */
import type { Message } from '../cluster/raft/types.js';

/** One line per message, e.g. `1->2 append term=3 prev=5/2 entries=1 commit=5`. */
export function describeMessage(m: Message): string {
  const head = `${m.from}->${m.to} ${m.type} term=${m.term}`;
  switch (m.type) {
    case 'vote':
      return `${head}${m.pre ? ' pre' : ''} last=${m.lastLogIndex}/${m.lastLogTerm}`;
    case 'vote-response':
      return `${head}${m.pre ? ' pre' : ''} ${m.granted ? 'granted' : 'rejected'}`;
    case 'append':
      return `${head} prev=${m.prevLogIndex}/${m.prevLogTerm} entries=${m.entries.length} commit=${m.commit}`;
    case 'append-response':
      return m.success ? `${head} ok index=${m.index}` : `${head} reject index=${m.index} hint=${m.conflictIndex}/${m.conflictTerm}`;
    case 'heartbeat':
      return `${head} commit=${m.commit}`;
    case 'heartbeat-response':
      return head;
    case 'snapshot':
      return `${head} snap=${m.snapshot.index}/${m.snapshot.term}`;
  }
}
