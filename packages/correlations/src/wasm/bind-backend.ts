// A per-call backend reaches the per-centre maps through withBackend: maps are cached per
// species list, and one cached map serves calls on every backend.
import type { BackendName } from '@equikit/core';
import type { CentreMap } from '../centre-map.js';

/**
 * `map` on this call's backend, where it can run on another (PowerSpectrumMap and any map with
 * a `withBackend` method); other maps unchanged. Undefined keeps the map's own choice.
 */
export function bindBackend(map: CentreMap, backend: BackendName | undefined): CentreMap {
  if (backend === undefined) return map;
  const bindable = map as CentreMap & { withBackend?: (backend: BackendName) => CentreMap };
  return typeof bindable.withBackend === 'function' ? bindable.withBackend(backend) : map;
}
