using System.Net.Http.Json;
using NeoLight.Agents;
using NeoLight.Agents.Backtest;
using NeoLight.Agents.Market;
using NeoLight.Agents.Peers;
using NeoLight.Agents.Trading;
using NeoLight.Contracts;
using NeoLight.Risk;
using NeoLight.Tests.RiskEngine;

namespace NeoLight.Tests.Agents;

/// <summary>The same trading core live (orders vetted by a real risk engine over HTTP) and in a backtest (checks in-process).</summary>
public sealed class BacktestParityTests
{
    private const int Steps = 400;
    private static readonly AgentOptions Options = new();

    private static MarketSimulator Market() => new(7, MarketSimulator.DefaultStart, Options.MarketStep);

    [Fact]
    public async Task The_live_loop_and_a_backtest_over_the_same_steps_fill_the_same_orders()
    {
        using var riskEngine = new RiskEngineFactory();
        using var http = riskEngine.CreateClient();
        var vetter = new RiskEngineVetter(new Peer(http, new PeerBreaker("risk-engine")), "paper");
        var market = Market();
        var live = TradingEngine.Create(market.Symbols, Options);
        var byCheck = new Dictionary<string, long>();
        for (var i = 0; i < Steps; i++)
        {
            // As the trader's loop does: the step's prices to the engine, then the orders vetted one by one.
            var tick = market.Next();
            var prices = await http.PostAsJsonAsync("/risk/prices", new PricesRequest
            {
                Prices = [.. tick.Prices.Select(p => new PriceObservationDto { Symbol = p.Key, Price = p.Value, Timestamp = tick.Time })],
            }, NeoLightJsonContext.Default.PricesRequest);
            prices.EnsureSuccessStatusCode();
            var record = await live.StepAsync(tick, null, vetter, CancellationToken.None);
            Assert.DoesNotContain(record.Orders, o => o.Outcome == OrderOutcome.Unvetted);
            foreach (var rejected in record.Orders.Where(o => o.Outcome == OrderOutcome.Rejected))
                byCheck[rejected.Check!] = byCheck.GetValueOrDefault(rejected.Check!) + 1;
        }

        var backtest = await new BacktestRunner(Options, new RiskLimits()).RunAsync(Market(), Steps, null, CancellationToken.None);

        Assert.True(live.Approved > 20, $"{live.Approved} fills");
        Assert.Equal(Steps, backtest.Steps);
        Assert.Equal(live.Approved, backtest.OrdersFilled);
        Assert.Equal(live.Rejected, backtest.OrdersRejected);
        Assert.Equal(byCheck, backtest.RejectionsByCheck);
        foreach (var (agent, book) in live.Desk.Books)
        {
            Assert.Equal(Math.Round(book.Equity(live.Desk.Prices), 2), backtest.PerAgent[agent].FinalEquity);
            Assert.Equal(Math.Round(book.RealizedPnl, 2), backtest.PerAgent[agent].RealizedPnl);
        }
    }

    [Fact]
    public async Task A_backtest_answers_curves_statistics_and_orders_for_each_agent()
    {
        var result = await new BacktestRunner(Options, new RiskLimits()).RunAsync(Market(), 2_500, null, CancellationToken.None);
        Assert.Equal(2_500, result.Steps);
        Assert.Equal(3, result.CurveEvery);                                   // at most 1 000 points of 2 501
        Assert.Equal(MarketSimulator.DefaultStart.AddHours(1), result.From);
        Assert.Equal(MarketSimulator.DefaultStart.AddHours(2_500), result.To);
        foreach (var (_, agent) in result.PerAgent)
        {
            Assert.Equal(Options.Capital / 3, agent.StartingEquity);
            Assert.Equal(835, agent.EquityCurve.Length);                      // points 0, 3, …, 2 499 (834), and the last
            Assert.Equal(agent.FinalEquity, agent.EquityCurve[^1]);
            Assert.NotNull(agent.Performance);
            // The statistics are those of the curve: its total return, independently (the final equity is rounded to cents).
            Assert.InRange(agent.Performance!.TotalReturn - (agent.FinalEquity / agent.StartingEquity - 1), -1e-6, 1e-6);
        }
        Assert.Equal(result.OrdersFilled, result.PerAgent.Values.Sum(a => a.Fills));
        Assert.Equal(result.OrdersRejected, result.PerAgent.Values.Sum(a => a.Rejections));
        Assert.Equal(result.OrdersRejected, result.RejectionsByCheck.Values.Sum());
    }
}
