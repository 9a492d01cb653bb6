import { useQuery } from '@tanstack/react-query';
import { useProtocol } from '../app/ProtocolContext';
import { aiOracleAbi, promptConsumerAbi } from '../contracts/generated';

/** What a request costs now: the model's fee, the callback escrow at the current gas price, the sum to send. */
export interface FeeQuote {
  modelFee: bigint;
  /** Gas the callback may use (0: no callback). */
  callbackGasLimit: bigint;
  /** Wei per gas the escrow is held at: the current gas price, at least the oracle's minimum. */
  escrowGasPrice: bigint;
  escrow: bigint;
  total: bigint;
}

/**
 * The fee of a request for `modelId`, direct (no callback) or through the example consumer (its
 * callback gas escrowed), from the contracts' own `estimateFee` (an `eth_call` at gas price 0, so
 * at the minimum callback price) re-priced at the chain's current gas price. Whatever is paid above
 * what the request needs is credited to the payer, never lost.
 */
export function useFeeQuote(modelId: number | undefined, via: 'direct' | 'consumer') {
  const { client, deployment } = useProtocol();
  const consumer = deployment.contracts.PromptConsumer;
  return useQuery({
    queryKey: ['fee-quote', deployment.chainId, modelId, via],
    enabled: modelId !== undefined && (via === 'direct' || consumer !== undefined),
    refetchInterval: 12_000,
    queryFn: async (): Promise<FeeQuote> => {
      const oracle = { address: deployment.contracts.AIOracle, abi: aiOracleAbi } as const;
      const id = BigInt(modelId!);
      const [modelFee, config, gasPrice, atMinimum] = await Promise.all([
        client.readContract({ ...oracle, functionName: 'estimateFee', args: [id, 0n] }),
        client.readContract({ ...oracle, functionName: 'config' }),
        client.getGasPrice(),
        via === 'consumer'
          ? client.readContract({ address: consumer!, abi: promptConsumerAbi, functionName: 'estimateFee', args: [id] })
          : Promise.resolve(undefined),
      ]);
      const minimum = BigInt(config.minCallbackGasPrice);
      const callbackGasLimit = atMinimum === undefined || minimum === 0n ? 0n : (atMinimum - modelFee) / minimum;
      const escrowGasPrice = gasPrice > minimum ? gasPrice : minimum;
      const escrow = callbackGasLimit * escrowGasPrice;
      return { modelFee, callbackGasLimit, escrowGasPrice, escrow, total: modelFee + escrow };
    },
  });
}
