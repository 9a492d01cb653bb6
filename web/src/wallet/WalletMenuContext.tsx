import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';

interface WalletMenuApi {
  open: boolean;
  setOpen(open: boolean): void;
}

const WalletMenuContext = createContext<WalletMenuApi | null>(null);

/** Lets any "connect a wallet" prompt open the header's wallet menu. */
export function WalletMenuProvider({ children }: { children: ReactNode }) {
  const [open, setOpen] = useState(false);
  const api = useMemo(() => ({ open, setOpen }), [open]);
  return <WalletMenuContext.Provider value={api}>{children}</WalletMenuContext.Provider>;
}

export function useWalletMenu(): WalletMenuApi {
  const api = useContext(WalletMenuContext);
  if (!api) throw new Error('useWalletMenu outside WalletMenuProvider');
  return api;
}
