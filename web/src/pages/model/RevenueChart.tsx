import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatEther } from 'viem';
import type { RevenueBucket, RevenuePoint } from '../../data/types';

function label(bucket: number, size: RevenueBucket): string {
  const iso = new Date(bucket * 1000).toISOString();
  return size === 'day' ? iso.slice(0, 10) : `${iso.slice(5, 10)} ${iso.slice(11, 16)}`;
}

/** Revenue per hour or day (ETH), holders' share and reserve stacked. Loaded on demand with recharts. */
export default function RevenueChart({ points, bucket }: { points: RevenuePoint[]; bucket: RevenueBucket }) {
  const data = points.map((p) => ({
    when: label(p.bucket, bucket),
    holders: Number(formatEther(p.holders)),
    reserve: Number(formatEther(p.reserve)),
  }));
  return (
    <div
      className="chart"
      role="img"
      aria-label={`Revenue per ${bucket}: ${data.map((d) => `${d.when} ${d.holders + d.reserve} ETH`).join('; ')}`}
    >
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} maxBarSize={56} margin={{ top: 8, right: 8, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="when" fontSize={12} />
          <YAxis fontSize={12} width={64} tickFormatter={(v: number) => `${Number(v.toPrecision(2))} Ξ`} />
          <Tooltip formatter={(v) => `${String(v)} ETH`} />
          <Legend />
          <Bar dataKey="holders" name="to holders" stackId="r" fill="#3b5bdb" />
          <Bar dataKey="reserve" name="to the reserve" stackId="r" fill="#94a3b8" />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
