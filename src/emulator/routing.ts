/** `/api/v1/users/{userId}` → `/api/v1/users/:userId` */
export function toHonoPath(template: string): string {
  return template.replace(/\{([^}]+)\}/g, ':$1');
}

/** A predicate telling whether a path matches any of the given templates, whatever the method. */
export function routeMatcher(routes: { method: string; path: string }[]): (pathname: string) => boolean {
  const patterns = routes.map(
    (route) => new RegExp(`^${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}/?$`),
  );
  return (pathname) => patterns.some((pattern) => pattern.test(pathname));
}
