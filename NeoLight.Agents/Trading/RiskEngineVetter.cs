using NeoLight.Agents.Peers;
using NeoLight.Contracts;
using NeoLight.ServiceDefaults;

namespace NeoLight.Agents.Trading;

/// <summary>The live vetter: each order goes to the risk engine's <c>POST /risk/validate</c>, for the trader's book. No answer is
/// no approval (null): nothing is filled without the risk engine.</summary>
public sealed class RiskEngineVetter(Peer risk, string book) : IOrderVetter
{
    private static readonly System.Diagnostics.Metrics.Counter<long> Orders =
        NeoLightInstruments.Meter.CreateCounter<long>("neolight.trader.orders", description: "Orders by outcome");

    public async ValueTask<OrderVerdict?> VetAsync(ProposedOrder order, TradingDesk desk, CancellationToken cancellationToken)
    {
        using var activity = NeoLightInstruments.ActivitySource.StartActivity("trader.order");
        var side = order.SignedQuantity > 0 ? "buy" : "sell";
        activity?.SetTag("neolight.agent", order.Strategy.Agent);
        activity?.SetTag("neolight.symbol", order.Symbol);
        activity?.SetTag("neolight.side", side);
        var answer = await risk.PostAsync("/risk/validate", new TradeValidationRequest
        {
            Book = book,
            Symbol = order.Symbol,
            Side = side,
            Quantity = Math.Abs(order.SignedQuantity),
            Price = order.Price,
            PortfolioValue = desk.Equity,
            CurrentPositions = desk.Positions(),
            CurrentDrawdown = desk.Guardian.Drawdown,
            Agent = order.Strategy.Agent,
        }, Json.TradeValidationRequest, Json.TradeValidationResponse, cancellationToken);

        var outcome = answer is null ? "unvetted" : answer.Approved ? "filled" : "rejected";
        activity?.SetTag("neolight.outcome", outcome);
        if (answer is { Approved: false })
            activity?.AddEvent(new System.Diagnostics.ActivityEvent("rejected", tags: new() { ["reason"] = answer.Reason }));
        Orders.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        return answer is null ? null
            : new OrderVerdict(answer.Approved, answer.Reason, answer.Checks.FirstOrDefault(c => !c.Passed)?.Name);
    }

    private static NeoLightJsonContext Json => NeoLightJsonContext.Default;
}
