/**
 * @deprecated Moved to `interceptors/delivery/attributes.ts`. This re-export keeps imports of the
 * old path compiling while other branches merge; it will be removed.
 */
export * from '../delivery/attributes';
