import { createBrowserRouter } from 'react-router';
import { Layout } from './Layout';
import { ModelsPage } from '../pages/models/ModelsPage';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';

/**
 * The pages. The models table loads with the app; every other page is its own chunk. The playground,
 * request verification and disputes pages (issue #17) slot in here as `playground`,
 * `requests/:id` and `disputes(/:id)`.
 */
export function createAppRouter() {
  return createBrowserRouter([
    {
      path: '/',
      element: <Layout />,
      children: [
        {
          errorElement: <RouteError />,
          children: [
            { index: true, element: <ModelsPage /> },
            {
              path: 'models/:id',
              lazy: async () => ({ Component: (await import('../pages/model/ModelPage')).ModelPage }),
            },
            {
              path: 'models/:id/sale',
              lazy: async () => ({ Component: (await import('../pages/sale/SalePage')).SalePage }),
            },
            {
              path: 'launch',
              lazy: async () => ({ Component: (await import('../pages/launch/LaunchPage')).LaunchPage }),
            },
            {
              path: 'portfolio',
              lazy: async () => ({ Component: (await import('../pages/portfolio/PortfolioPage')).PortfolioPage }),
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
