// ggwave ships no types: its default export is the Emscripten module factory
// (the module's shape is in ggwave-types.ts).
declare module 'ggwave' {
  const factory: (module?: { print?: (text: string) => void; printErr?: (text: string) => void }) => Promise<unknown>;
  export default factory;
}
