using NeoLight.Agents.Market;
using NeoLight.Agents.Trading;
using NeoLight.Contracts;
using NeoLight.Risk;

namespace NeoLight.Agents.Backtest;

/// <summary>
/// The live trading core run as fast as the CPU allows over a feed (simulated steps or a CSV of bars), with the risk checks
/// in-process (<see cref="RiskCheckVetter"/>): per-agent equity curves and performance statistics, orders by outcome and
/// rejections by check. Allocations stay equal (the governor is not in the loop); nothing is journaled or reported.
/// </summary>
public sealed class BacktestRunner(AgentOptions options, RiskLimits limits)
{
    /// <summary>At most this many points of each equity curve are returned (evenly spaced); the statistics use all of them.</summary>
    public const int CurvePoints = 1_000;

    public async Task<TradingBacktestResponse> RunAsync(IMarketFeed feed, long maxSteps, IProgress<long>? progress,
        CancellationToken cancellationToken)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var engine = TradingEngine.Create(feed.Symbols, options);
        var vetter = new RiskCheckVetter(limits);
        var agents = engine.Desk.Strategies.Select(s => s.Agent).ToArray();
        var curves = agents.ToDictionary(a => a, a => new List<double> { engine.Desk.Books[a].Cash });
        var byCheck = new Dictionary<string, long>(StringComparer.Ordinal);
        var fills = agents.ToDictionary(a => a, _ => 0L);
        var rejections = agents.ToDictionary(a => a, _ => 0L);
        DateTimeOffset? from = null, to = null;
        long steps = 0;
        while (steps < maxSteps && feed.Next() is { } tick)
        {
            vetter.Observe(tick);
            var record = await engine.StepAsync(tick, null, vetter, cancellationToken);
            foreach (var order in record.Orders)
            {
                if (order.Outcome == OrderOutcome.Filled) fills[order.Agent]++;
                else if (order.Outcome == OrderOutcome.Rejected)
                {
                    rejections[order.Agent]++;
                    var check = order.Check ?? "unknown";
                    byCheck[check] = byCheck.GetValueOrDefault(check) + 1;
                }
            }
            foreach (var agent in agents) curves[agent].Add(engine.Desk.Books[agent].Equity(engine.Desk.Prices));
            from ??= tick.Time;
            to = tick.Time;
            if (++steps % 4096 == 0)
            {
                progress?.Report(steps);
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        progress?.Report(steps);
        var elapsed = clock.Elapsed;
        var every = (int)Math.Max(1, (steps + CurvePoints - 1) / CurvePoints);
        var settings = new PerformanceSettings(PeriodsPerYear: TimeSpan.FromDays(365) / options.MarketStep);
        return new TradingBacktestResponse
        {
            Steps = steps,
            Symbols = [.. feed.Symbols],
            From = from,
            To = to,
            ElapsedMs = Math.Round(elapsed.TotalMilliseconds, 3),
            StepsPerSecond = steps / Math.Max(elapsed.TotalSeconds, 1e-9),
            BarStepsPerSecond = steps * feed.Symbols.Count / Math.Max(elapsed.TotalSeconds, 1e-9),
            OrdersFilled = engine.Approved,
            OrdersRejected = engine.Rejected,
            RejectionsByCheck = byCheck,
            CurveEvery = every,
            PerAgent = agents.ToDictionary(a => a, a => Agent(curves[a], engine.Desk.Books[a], fills[a], rejections[a], every, settings)),
        };
    }

    private static AgentBacktestDto Agent(List<double> curve, PaperBook book, long fills, long rejections, int every,
        in PerformanceSettings settings)
    {
        PerformanceResponse? performance = null;
        // Statistics need two returns and a curve that stays positive (a wiped-out book has no compound return).
        if (curve.Count >= 3 && curve.TrueForAll(e => e > 0))
        {
            var report = PerformanceResponses.Of(PerformanceStatistics.Of(PerformanceStatistics.ReturnsOf(
                System.Runtime.InteropServices.CollectionsMarshal.AsSpan(curve)), settings));
            if (PerformanceResponses.IsFinite(report)) performance = report;
        }
        var sampled = new List<double>(curve.Count / every + 2);
        for (var i = 0; i < curve.Count; i += every) sampled.Add(Math.Round(curve[i], 2));
        if ((curve.Count - 1) % every != 0) sampled.Add(Math.Round(curve[^1], 2));
        return new AgentBacktestDto
        {
            StartingEquity = curve[0],
            FinalEquity = Math.Round(curve[^1], 2),
            RealizedPnl = Math.Round(book.RealizedPnl, 2),
            Fills = fills,
            Rejections = rejections,
            Performance = performance,
            EquityCurve = [.. sampled],
        };
    }
}
