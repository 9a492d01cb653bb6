import { parseEther } from 'ethers';
import { describe, expect, it } from 'vitest';
import { formatAmount, formatBps, formatEth, formatTokens } from './formatAmount';
import { formatDuration, formatTimestamp } from './formatTime';
import { shortHex } from './shortHex';

describe('formatting', () => {
  it.each([
    [0n, '0 ETH'],
    [parseEther('1234.5678'), '1,234.5678 ETH'],
    [parseEther('0.001'), '0.001 ETH'],
    [parseEther('0.000123456'), '0.000123 ETH'],
    [1n, '< 0.000001 ETH'],
    [-parseEther('2'), '−2 ETH'],
  ])('formatEth(%s) = %s', (wei, text) => {
    expect(formatEth(wei)).toBe(text);
  });

  it('keeps two decimals for token amounts', () => {
    expect(formatTokens(parseEther('57142.857142857'), 'DIG8')).toBe('57,142.85 DIG8');
    expect(formatAmount(1500n, 3, 'USDC')).toBe('1.5 USDC');
  });

  it('says basis points as percentages', () => {
    expect(formatBps(6000)).toBe('60 %');
    expect(formatBps(1250)).toBe('12.5 %');
    expect(formatBps(6666)).toBe('66.66 %');
  });

  it('says durations in their two largest units and times in UTC', () => {
    expect(formatDuration(90_061)).toBe('1 d 1 h');
    expect(formatDuration(59)).toBe('59 s');
    expect(formatDuration(0)).toBe('0 s');
    expect(formatTimestamp(1_767_225_600)).toBe('2026-01-01 00:00 UTC');
  });

  it('shortens addresses', () => {
    expect(shortHex('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBe('0x7099…79C8');
  });
});
