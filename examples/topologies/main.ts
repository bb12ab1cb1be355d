/**
 * `npm run example -- topologies`: draws the topologies of this folder as `fjord topology` does,
 * so you can see them without building the CLI.
 */
import { drawTopologyText } from '../../core/streams/topology/draw.js';
import buildWordCount from './word-count.js';
import windowedJoin from './windowed-join.js';

export async function main(): Promise<void> {
  console.log('word-count (examples/topologies/word-count.ts):\n');
  console.log(drawTopologyText(buildWordCount()));
  console.log('windowed join (examples/topologies/windowed-join.ts):\n');
  console.log(drawTopologyText(windowedJoin().build()));
  console.log('Draw any module exporting a topology: fjord topology <module> [--mermaid FILE] [--format json]');
}
