import { describe, expect, it } from 'vitest';
import {
  gamesFromNode,
  historyFromNode,
  requestExtrasFromNode,
  requestsFromNode,
  revenueFromNode,
  usageFromNode,
} from './nodeShapes';

/*
 * The node's responses as its API builds them (`IndexQueries` in the node's branch), trimmed: these
 * parsers are the only code that knows them, and a shape they do not recognise must throw (so the
 * page falls back to the chain) rather than yield wrong figures.
 */

describe('node response readers', () => {
  it('read request counts from GET /models', () => {
    const body = {
      items: [
        { id: 1, usage: { requests: 7, requested: 0, submitted: 1, finalized: 6, cancelled: 0 } },
        { id: 2, usage: { requests: 0, requested: 0, submitted: 0, finalized: 0, cancelled: 0 } },
      ],
      nextCursor: null,
    };
    expect([...usageFromNode(body)]).toEqual([
      [1, 7],
      [2, 0],
    ]);
  });

  it('read the revenue series, splitting the reserve share out of the deposits and leaving out empty buckets', () => {
    const body = {
      modelId: 1,
      bucket: 'hour',
      from: 1_767_222_000,
      to: 1_767_232_800,
      points: [
        { start: 1_767_222_000, requests: 0, fees: '0', holders: '0' },
        { start: 1_767_225_600, requests: 3, fees: '3000000000000000', holders: '1800000000000000' },
      ],
    };
    expect(revenueFromNode(body, 1000)).toEqual([
      { bucket: 1_767_225_600, holders: 1_620_000_000_000_000n, reserve: 180_000_000_000_000n },
    ]);
  });

  it('read the recent requests', () => {
    const body = {
      items: [
        {
          id: 12,
          modelId: 1,
          requester: '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
          fee: '1000000000000000',
          status: 'finalized',
          operator: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
          requestedAt: 1_767_225_700,
        },
        {
          id: 13,
          modelId: 1,
          requester: '0xa0Ee7A142d267C1f36714E4a8F75612F20a79720',
          fee: '1000000000000000',
          status: 'requested',
          operator: null,
          requestedAt: 1_767_225_800,
        },
      ],
      nextCursor: null,
    };
    expect(requestsFromNode(body, 1)).toMatchObject([
      { id: 12n, status: 'finalized', fee: 1_000_000_000_000_000n, requestedAt: 1_767_225_700 },
      { id: 13n, status: 'requested', operator: undefined },
    ]);
  });

  it('throw on a shape they do not know', () => {
    expect(() => revenueFromNode({ series: [] }, 0)).toThrow('no list under points / buckets / revenue');
    expect(() => requestsFromNode({ items: [{ id: 1 }] }, 1)).toThrow('missing status / state');
  });

  it('read the disputes list from GET /games (docs/oracle-node.md), phases in the app’s spelling', () => {
    const body = {
      items: [
        {
          id: 1,
          requestId: 7,
          resultId: '0xabc',
          proposer: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
          challenger: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
          opCount: 3,
          phase: 'BisectResponse',
          live: true,
          mover: 'challenger',
          moverDeadline: 1796331500,
          clocks: { proposer: 280, challenger: 300, lastMoveAt: 1796331200 },
          lo: 0,
          hi: 3,
          moveCount: 2,
          settled: false,
          openedAt: 1796331180,
          openedBlock: 70,
          updatedAt: 1796331200,
        },
      ],
      nextCursor: null,
    };
    expect(gamesFromNode(body)).toEqual([
      {
        id: 1n,
        requestId: 7n,
        resultId: '0xabc',
        proposer: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
        challenger: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
        opCount: 3,
        phase: 'bisectResponse',
        lo: 0,
        hi: 3,
        mover: 'challenger',
        moverDeadline: 1796331500,
        openedAt: 1796331180,
        settled: false,
      },
    ]);
    expect(() => gamesFromNode({ items: [{ id: 1 }] })).toThrow(/missing requestId/);
  });

  it('read a requester’s history from GET /requests?requester=', () => {
    const body = {
      items: [
        {
          id: 9,
          modelId: 3,
          requester: '0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc',
          fee: '1000000000000000',
          status: 'submitted',
          openGames: 1,
          requestedAt: 1796331384,
        },
      ],
      nextCursor: null,
    };
    expect(historyFromNode(body)).toEqual([
      {
        id: 9n,
        modelId: 3,
        via: 'direct',
        status: 'submitted',
        disputed: true,
        requestedAt: 1796331384,
        fee: 10n ** 15n,
      },
    ]);
  });

  it('read the drawn primary and the node’s timings from GET /requests/:id', () => {
    const body = {
      id: 9,
      primary: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
      timings: { requestedAt: 1796331384, indexedMs: 1000, computedMs: 1072, submitSentMs: 2250, submitMinedMs: 2391 },
      job: { state: 'finalized', inferenceMs: 6.9 },
    };
    expect(requestExtrasFromNode(body)).toEqual({
      primary: '0x976EA74026E726554dB657fA54763abd0C3a0aa9',
      timings: { computedAfterMs: 72, submitMinedAfterMs: 1391, inferenceMs: 6.9 },
    });
    expect(requestExtrasFromNode({ id: 9, primary: null, timings: {}, job: null })).toEqual({
      timings: { computedAfterMs: undefined, submitMinedAfterMs: undefined, inferenceMs: undefined },
    });
  });
});
