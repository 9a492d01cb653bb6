import { createBrowserRouter } from 'react-router';
import { Layout } from './Layout';
import { ModelsPage } from '../pages/models/ModelsPage';
import { NotFoundPage } from './NotFoundPage';
import { RouteError } from './RouteError';

/**
 * The pages. The models table loads with the app; every other page is its own chunk.
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
            {
              path: 'playground',
              lazy: async () => ({ Component: (await import('../pages/playground/PlaygroundPage')).PlaygroundPage }),
            },
            {
              path: 'requests/:id',
              lazy: async () => ({ Component: (await import('../pages/request/RequestPage')).RequestPage }),
            },
            {
              path: 'history',
              lazy: async () => ({ Component: (await import('../pages/history/HistoryPage')).HistoryPage }),
            },
            {
              path: 'disputes',
              lazy: async () => ({ Component: (await import('../pages/disputes/DisputesPage')).DisputesPage }),
            },
            {
              path: 'disputes/:id',
              lazy: async () => ({ Component: (await import('../pages/disputes/GamePage')).GamePage }),
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ]);
}
