import { Link, useRouteError } from 'react-router';

/** What a page that failed to load or render shows instead of a blank screen. */
export function RouteError() {
  const error = useRouteError();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <section className="page" role="alert">
      <h1>Something went wrong on this page</h1>
      <p className="error">{message.split('\n')[0]}</p>
      <p>
        Reload the page, or <Link to="/">go back to the models</Link>. If the local chain was restarted, reload to read
        its new deployment.
      </p>
    </section>
  );
}
