/**
 * @deprecated Moved to `interceptors/delivery/`. This re-export keeps imports of the old path
 * compiling while other branches merge; it will be removed. Import from `../delivery` instead.
 */
export * from '../delivery';
