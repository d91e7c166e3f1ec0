// ggwave ships no types: its default export is the Emscripten module factory.
declare module 'ggwave' {
  const factory: (module?: {
    print?: (text: string) => void;
    printErr?: (text: string) => void;
  }) => Promise<import('./ggwave-types.js').Ggwave>;
  export default factory;
}
