using NeoLight.Agents.Strategies;
using NeoLight.Agents.Market;
using NeoLight.Contracts;

namespace NeoLight.Agents.Trading;

/// <summary>An order one strategy agent wants, before the risk engine has seen it.</summary>
public readonly record struct ProposedOrder(IStrategy Strategy, string Symbol, double SignedQuantity, double Price);

/// <summary>
/// The trader's state without any HTTP: the strategy agents with their paper books, price history,
/// guardian and regime detector. Each tick it turns prices into proposed orders sized from each agent's
/// allocation; the caller has them vetted and reports back fills and rejections.
/// </summary>
public sealed class TradingDesk
{
    private readonly Dictionary<string, List<double>> _closes = [];
    private readonly Dictionary<string, double> _allocations = [];
    private IReadOnlyDictionary<string, double> _prices = new Dictionary<string, double>();

    public TradingDesk(IReadOnlyList<IStrategy> strategies, IReadOnlyList<string> symbols, AgentOptions options)
    {
        Strategies = strategies;
        Symbols = symbols;
        Options = options;
        Books = strategies.ToDictionary(s => s.Agent, _ => new PaperBook(options.Capital / strategies.Count));
        Guardian = new Guardian(options.MaxDrawdown, options.GuardianHysteresis, options.GuardianCoolDown);
        var periodsPerYear = TimeSpan.FromDays(365) / options.MarketStep;
        Regime = new RegimeDetector(window: (int)Math.Max(24, TimeSpan.FromDays(3) / options.MarketStep), periodsPerYear);
        foreach (var s in symbols) _closes[s] = [];
    }

    public IReadOnlyList<IStrategy> Strategies { get; }
    public IReadOnlyList<string> Symbols { get; }
    public AgentOptions Options { get; }
    public Dictionary<string, PaperBook> Books { get; }
    public Guardian Guardian { get; }
    public RegimeDetector Regime { get; }
    public DateTimeOffset? MarketTime { get; private set; }
    public IReadOnlyDictionary<string, double> Prices => _prices;
    public IReadOnlyDictionary<string, double> Allocations => _allocations;

    /// <summary>Records a tick: closes, the regime's index return, the guardian's view of equity.</summary>
    public void Observe(MarketTick tick)
    {
        if (_prices.Count > 0)
        {
            // The equal-weighted index's return (summed in symbol order, as Enumerable.Average did).
            var sum = 0.0;
            foreach (var symbol in Symbols) sum += tick.Prices[symbol] / _prices[symbol] - 1;
            Regime.Observe(sum / Symbols.Count);
        }
        foreach (var s in Symbols)
        {
            var closes = _closes[s];
            closes.Add(tick.Prices[s]);
            if (closes.Count > 500) closes.RemoveAt(0);
        }
        _prices = tick.Prices;
        MarketTime = tick.Time;
        Guardian.Observe(Equity, tick.Time);
    }

    public double Equity => Books.Values.Sum(b => b.Equity(_prices));

    /// <summary>The governor's split; agents it does not name get nothing, and equal weights hold until it speaks.</summary>
    public void SetAllocations(IReadOnlyDictionary<string, double>? allocations)
    {
        _allocations.Clear();
        if (allocations is null || allocations.Count == 0) return;
        foreach (var (agent, weight) in allocations) _allocations[agent] = weight;
    }

    public double AllocationOf(string agent) =>
        _allocations.Count == 0 ? 1.0 / Strategies.Count : _allocations.GetValueOrDefault(agent);

    /// <summary>Orders that bring each agent's positions to its strategy's targets; none while the guardian pauses.</summary>
    public List<ProposedOrder> ProposeOrders()
    {
        var orders = new List<ProposedOrder>();
        if (Guardian.IsPaused || _prices.Count == 0) return orders;
        var equity = Equity;
        foreach (var strategy in Strategies)
        {
            var capital = Math.Max(0, equity * AllocationOf(strategy.Agent));
            var book = Books[strategy.Agent];
            foreach (var symbol in Symbols)
            {
                var closes = _closes[symbol];
                if (closes.Count < strategy.Lookback) continue;
                var target = strategy.TargetExposure(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(closes));
                var price = _prices[symbol];
                var held = book.QuantityOf(symbol);
                var targetQuantity = double.IsNaN(target) ? held : target * capital * Options.MaxSymbolFraction / price;
                var delta = targetQuantity - held;
                // Ignore dust: an order must move at least 1 % of what the agent may hold in the symbol.
                if (Math.Abs(delta * price) < 0.01 * Math.Max(capital * Options.MaxSymbolFraction, 1)) continue;
                orders.Add(new ProposedOrder(strategy, symbol, delta, price));
            }
        }
        return orders;
    }

    /// <summary>
    /// The whole book, every agent's positions netted per symbol (in the order the agents' books first hold them, summed agent by
    /// agent), for the risk engine. Called for every order vetted: a loop, not a query.
    /// </summary>
    public List<PositionDto?> Positions()
    {
        var symbols = new List<string>(Symbols.Count);
        var quantities = new List<double>(Symbols.Count);
        foreach (var book in Books.Values)
            foreach (var (symbol, (quantity, _)) in book.Positions)
            {
                var i = symbols.IndexOf(symbol);
                if (i < 0)
                {
                    symbols.Add(symbol);
                    quantities.Add(quantity);
                }
                else quantities[i] += quantity;
            }
        var positions = new List<PositionDto?>(symbols.Count);
        for (var i = 0; i < symbols.Count; i++)
            if (quantities[i] != 0)
                positions.Add(new PositionDto { Symbol = symbols[i], Quantity = quantities[i], Price = _prices[symbols[i]] });
        return positions;
    }

    /// <summary>Fills an approved order on its agent's paper book.</summary>
    public Fill Fill(string agent, string symbol, double signedQuantity, double price) =>
        Books[agent].Apply(symbol, signedQuantity, price);

    /// <summary>Everything the desk remembers, for the trader's snapshot (the last tick holds prices and market time).</summary>
    public DeskState Capture(MarketTick? lastTick) => new(
        lastTick,
        Books.ToDictionary(b => b.Key, b => b.Value.Capture()),
        _closes.ToDictionary(c => c.Key, c => c.Value.ToArray()),
        new Dictionary<string, double>(_allocations),
        Guardian.Capture(),
        Regime.Capture());

    /// <summary>Puts the desk back as <see cref="Capture"/> saw it.</summary>
    public void Restore(DeskState state)
    {
        foreach (var (agent, book) in state.Books)
            if (Books.ContainsKey(agent)) Books[agent] = PaperBook.Restore(book);
        foreach (var (symbol, closes) in state.Closes)
            if (_closes.TryGetValue(symbol, out var list))
            {
                list.Clear();
                list.AddRange(closes);
            }
        SetAllocations(state.Allocations);
        Guardian.Restore(state.Guardian);
        Regime.Restore(state.RegimeReturns);
        _prices = state.LastTick?.Prices ?? new Dictionary<string, double>();
        MarketTime = state.LastTick?.Time;
    }
}

/// <summary>The desk's state in a snapshot: each agent's book, each symbol's recent closes, allocations, guardian, regime window.</summary>
public sealed record DeskState(MarketTick? LastTick, Dictionary<string, BookState> Books, Dictionary<string, double[]> Closes,
    Dictionary<string, double> Allocations, GuardianState Guardian, double[] RegimeReturns);
