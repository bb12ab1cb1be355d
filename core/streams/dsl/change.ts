/** What a KTable forwards: the new value and the one it replaced (null = absent / deleted). */
export interface Change<V> {
  readonly newValue: V | null;
  readonly oldValue: V | null;
}
