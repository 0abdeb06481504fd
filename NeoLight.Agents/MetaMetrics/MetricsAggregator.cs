using NeoLight.Contracts;
using NeoLight.Risk;

namespace NeoLight.Agents.MetaMetrics;

public sealed record AgentFigures(double Pnl1d, double Pnl7d, double Sharpe30d, double WinRate30d, double MaxDrawdown30d, int Decisions,
    int RoundTrips, double PnlTotal, double Volatility30d);

/// <summary>
/// The hive telemetry's arithmetic (phase 5600), over decisions stamped with market time. Windows end at
/// <c>now</c>: P&amp;L over 1 and 7 days; over 30 days the Sharpe ratio of daily P&amp;L as returns on capital (mean / sample
/// std × √365: crypto trades every day; an equity-only book would use 252), the win rate of round trips (fills
/// that realised P&amp;L), and the maximum drawdown of the equity curve capital + cumulative P&amp;L (a
/// fraction of its running peak; the original used the worst single P&amp;L, which is not a drawdown).
/// </summary>
public static class MetricsAggregator
{
    public const double PeriodsPerYear = 365;

    public static AgentFigures Figures(IReadOnlyList<DecisionDto> decisions, DateTimeOffset now, double capital)
    {
        var ordered = decisions.Where(d => d.Timestamp is not null).OrderBy(d => d.Timestamp).ToList();
        double Sum(TimeSpan window) => ordered.Where(d => d.Timestamp > now - window && d.Timestamp <= now).Sum(d => d.Pnl ?? 0);
        var month = ordered.Where(d => d.Timestamp > now - TimeSpan.FromDays(30) && d.Timestamp <= now).ToList();

        var daily = DailyPnl(month, now, 30);
        var mean = daily.Average();
        var sd = daily.Length > 1 ? Math.Sqrt(daily.Sum(x => (x - mean) * (x - mean)) / (daily.Length - 1)) : 0;
        var sharpe = Sharpe(daily, capital);

        var roundTrips = month.Where(d => (d.Pnl ?? 0) != 0).ToList();
        var winRate = roundTrips.Count > 0 ? roundTrips.Count(d => d.Pnl > 0) / (double)roundTrips.Count : 0;

        return new AgentFigures(Sum(TimeSpan.FromDays(1)), Sum(TimeSpan.FromDays(7)), sharpe, winRate,
            MaxDrawdown(month.Select(d => d.Pnl ?? 0), capital), ordered.Count, roundTrips.Count, ordered.Sum(d => d.Pnl ?? 0), sd);
    }

    /// <summary>P&amp;L summed per calendar day ending at <paramref name="now"/>, oldest first; days without trades are 0.</summary>
    public static double[] DailyPnl(IEnumerable<DecisionDto> decisions, DateTimeOffset now, int days)
    {
        var result = new double[days];
        foreach (var d in decisions)
        {
            var age = (int)Math.Floor((now - d.Timestamp!.Value).TotalDays);
            if (age >= 0 && age < days) result[days - 1 - age] += d.Pnl ?? 0;
        }
        return result;
    }

    /// <summary>
    /// The Sharpe ratio of the daily P&amp;L as returns on <paramref name="capital"/>, by the risk engine's performance model
    /// (<see cref="PerformanceStatistics"/>: mean / sample std × √365, no risk-free rate); 0 when it is undefined.
    /// </summary>
    public static double Sharpe(double[] dailyPnl, double capital)
    {
        if (dailyPnl.Length < 2 || capital <= 0) return 0;
        var returns = dailyPnl.Select(p => p / capital).ToArray();
        return PerformanceStatistics.Of(returns, new PerformanceSettings(PeriodsPerYear)).Sharpe ?? 0;
    }

    /// <summary>
    /// Largest (peak - equity) / peak along capital + cumulative P&amp;L, by the performance model's drawdown; an equity that
    /// reaches zero or below has lost everything: 1.
    /// </summary>
    public static double MaxDrawdown(IEnumerable<double> pnlInOrder, double capital)
    {
        if (capital <= 0) return 0;
        var curve = new List<double> { capital };
        foreach (var pnl in pnlInOrder)
        {
            var equity = curve[^1] + pnl;
            if (equity <= 0) return 1;
            curve.Add(equity);
        }
        return curve.Count < 2 ? 0 : PerformanceStatistics.Drawdown(PerformanceStatistics.ReturnsOf([.. curve])).Depth;
    }
}
