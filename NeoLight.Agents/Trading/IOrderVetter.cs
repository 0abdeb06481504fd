namespace NeoLight.Agents.Trading;

/// <summary>
/// Who vets the trader's orders: the risk engine over HTTP when trading live, the same checks in-process in a backtest.
/// The desk is as the earlier orders of the step left it (their fills included).
/// </summary>
public interface IOrderVetter
{
    ValueTask<OrderVerdict?> VetAsync(ProposedOrder order, TradingDesk desk, CancellationToken cancellationToken);
}
