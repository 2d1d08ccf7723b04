// `koa2` is `npm:koa@2`; @types/koa (written for Koa 2 and 3) types it for these tests.
declare module 'koa2' {
  import Koa from 'koa';
  export default Koa;
}
