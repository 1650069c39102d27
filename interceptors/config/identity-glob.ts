/**
 * Workload-identity patterns (SPIFFE IDs): `**` matches anything, `*` anything but '/'; every other
 * character is literal. Compiled once to an anchored RegExp. Shared by the collector's identity
 * policy and the interceptors' purpose registry, so both read a pattern the same way.
 */
export function globToRegExp(glob: string): RegExp {
  let src = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      src += '.*';
      i++;
    } else if (c === '*') src += '[^/]*';
    else src += c.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${src}$`);
}
