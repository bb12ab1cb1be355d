/**
 * An order of objects kept by links inside the objects themselves (a doubly linked list, as
 * Kafka's NamedCache keeps its LRU order): moving one to the end or taking it out is a few pointer
 * updates, never a Map delete and re-insert. Used for the write-back cache's clean LRU order and
 * the result cache's last-update order.
 */

/** What an object needs to be kept in a LinkedOrder: its neighbours (null when not linked). */
export interface Linked<T> {
  prev: T | null;
  next: T | null;
}

export class LinkedOrder<T extends Linked<T>> {
  /** The first (oldest) and last (newest) objects, null when empty. */
  head: T | null = null;
  tail: T | null = null;

  /** Puts `node` (not linked) last. */
  append(node: T): void {
    node.prev = this.tail;
    node.next = null;
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
  }

  /** Takes `node` (linked) out. */
  unlink(node: T): void {
    if (node.prev === null) this.head = node.next;
    else node.prev.next = node.next;
    if (node.next === null) this.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = null;
    node.next = null;
  }

  /** Moves `node` (linked) last. */
  moveLast(node: T): void {
    if (node === this.tail) return;
    this.unlink(node);
    this.append(node);
  }

  /** Forgets every object (their links are left as they are). */
  clear(): void {
    this.head = null;
    this.tail = null;
  }
}
