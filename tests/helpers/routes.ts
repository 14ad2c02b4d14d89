/*
| URLs in tests come from the named routes: `client.get(route('member.home'))`. A renamed route
| then fails the typecheck (the names are typed from inertia/app/route_map.ts) and, at run time,
| the router itself (the URL is made by router.makeUrl), never a hidden literal.
*/
export { routeUrl as route } from '#services/named_routes'
