// `express4` is `npm:express@4`; its API is typed well enough by @types/express for these tests.
declare module 'express4' {
  import express from 'express';
  export default express;
}
