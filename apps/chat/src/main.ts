import '@parley/elements';
