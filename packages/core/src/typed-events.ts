/** An Event carrying `detail`, like CustomEvent, but available in every runtime the core supports. */
export class ParleyEvent<T> extends Event {
  readonly detail: T;
  constructor(type: string, detail: T) {
    super(type);
    this.detail = detail;
  }
}

/**
 * EventTarget with typed `on` helpers. `EventMap` maps event names to the
 * type of their `detail`.
 */
export class TypedEventTarget<EventMap> extends EventTarget {
  /** Listens for `type`; returns a function that stops listening. */
  on<K extends keyof EventMap & string>(type: K, handler: (detail: EventMap[K]) => void): () => void {
    const listener = (event: Event): void => handler((event as ParleyEvent<EventMap[K]>).detail);
    this.addEventListener(type, listener);
    return () => this.removeEventListener(type, listener);
  }

  /** Resolves with the detail of the next `type` event. */
  once<K extends keyof EventMap & string>(type: K): Promise<EventMap[K]> {
    return new Promise((resolve) => {
      const off = this.on(type, (detail) => {
        off();
        resolve(detail);
      });
    });
  }

  protected emit<K extends keyof EventMap & string>(type: K, detail: EventMap[K]): void {
    this.dispatchEvent(new ParleyEvent(type, detail));
  }
}
