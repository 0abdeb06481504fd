using NeoLight.Contracts;
using NeoLight.Risk;
using NeoLight.Http;

namespace NeoLight.RiskEngine.Api;

/// <summary>
/// The bounds a request must keep (API.md, general rules) and the checks shared by every endpoint that
/// takes positions. Each check names the offending field in the problem it returns.
/// </summary>
internal static class RequestRules
{
    public const int MaxPositions = 1_000;
    public const int MaxObservations = 10_000;
    public const int MaxEquityPoints = 100_000;
    public const int MaxSimulations = 1_000_000;
    // The budget of one evaluation: Monte Carlo draws (paths x symbols, ~0.3 s at the maximum on one core here).
    public const long MaxSimulatedDraws = 10_000_000;
    // From this much work (draws, or positions x observations) an evaluation waits for a turn in the worker pool.
    public const long HeavyWork = 200_000;
    public const int MaxPrices = 10_000;
    public const int MaxScenarios = 100;
    public const double MaxHorizonDays = 365;
    // Bounds that keep every derived figure (products, sums, squares, ratios to the portfolio value) far inside a
    // double, so no request can make the engine compute an infinity: past them the input names the field.
    public const double MaxAmount = 1e15;        // a price, a portfolio value, a position's value |quantity x price|
    public const double MinAmount = 1e-10;       // a price or a portfolio value: smaller ones make ratios overflow
    public const double MaxQuantity = 1e12;
    public const double MaxReturn = 10;          // a simple return or a shock of +1000 %; the lower bound is -100 %

    public static ProblemHttpResult? PortfolioValue(double? value, string field = "portfolio_value")
    {
        if (value is null) return ApiProblem.Invalid(field, "is required");
        return Amount(value.Value, field);
    }

    /// <summary>A price or a value of money: finite and within [<see cref="MinAmount"/>, <see cref="MaxAmount"/>].</summary>
    public static ProblemHttpResult? Amount(double value, string field) =>
        PositiveFinite(value, field) is { } bad ? bad
        : value is < MinAmount or > MaxAmount ? ApiProblem.Invalid(field, $"must be between {MinAmount:G} and {MaxAmount:G}")
        : null;

    /// <summary>A quantity (either sign) whose value at <paramref name="price"/> stays within <see cref="MaxAmount"/>.</summary>
    public static ProblemHttpResult? Quantity(double quantity, double price, string field) =>
        !double.IsFinite(quantity) ? ApiProblem.Invalid(field, "must be a finite number")
        : Math.Abs(quantity) > MaxQuantity ? ApiProblem.Invalid(field, $"must be at most {MaxQuantity:G} in size")
        : Math.Abs(quantity) * price > MaxAmount ? ApiProblem.Invalid(field, $"quantity x price must be at most {MaxAmount:G}")
        : null;

    /// <summary>A simple return or a fractional move: finite, within [-1, <see cref="MaxReturn"/>].</summary>
    public static ProblemHttpResult? Return(double value, string field, string what) =>
        double.IsFinite(value) && value is >= -1 and <= MaxReturn ? null
        : ApiProblem.Invalid(field, $"must be a finite {what} between -1 and {MaxReturn}");

    public static ProblemHttpResult? PositiveFinite(double value, string field) =>
        !double.IsFinite(value) ? ApiProblem.Invalid(field, "must be a finite number")
        : value <= 0 ? ApiProblem.Invalid(field, "must be greater than 0")
        : null;

    public static ProblemHttpResult? Symbol(string? symbol, string field) => NameRules.Symbol(symbol, field);

    /// <summary>Positions into a book; <paramref name="required"/> says whether a missing list is an error or an empty book.</summary>
    public static ProblemHttpResult? Positions(List<PositionDto?>? positions, string field, bool required, out Book book)
    {
        book = Book.Empty;
        if (positions is null) return required ? ApiProblem.Invalid(field, "is required (an empty list is a flat book)") : null;
        if (positions.Count > MaxPositions) return ApiProblem.Invalid(field, $"at most {MaxPositions} positions are accepted");
        var lines = new BookPosition[positions.Count];
        for (var i = 0; i < positions.Count; i++)
        {
            var p = positions[i];
            var at = $"{field}[{i}]";
            if (p is null) return ApiProblem.Invalid(at, "must be an object");
            if (Symbol(p.Symbol, at + ".symbol") is { } badSymbol) return badSymbol;
            if (p.Quantity is not { } quantity) return ApiProblem.Invalid(at + ".quantity", "is required");
            if (!double.IsFinite(quantity)) return ApiProblem.Invalid(at + ".quantity", "must be a finite number");
            if (p.Price is not { } price) return ApiProblem.Invalid(at + ".price", "is required");
            if (Amount(price, at + ".price") is { } badPrice) return badPrice;
            if (Quantity(quantity, price, at + ".quantity") is { } badQuantity) return badQuantity;
            lines[i] = new BookPosition(p.Symbol!, quantity, price);
        }
        book = new Book(lines);
        return null;
    }

    public static ProblemHttpResult? Confidence(double? value, double fallback, out double confidence)
    {
        confidence = value ?? fallback;
        return double.IsFinite(confidence) && confidence is >= 0.5 and <= 0.9999
            ? null
            : ApiProblem.Invalid("confidence", "must be between 0.5 and 0.9999");
    }

    public static ProblemHttpResult? Fraction(double? value, string field)
    {
        if (value is not { } v) return null;
        return double.IsFinite(v) && v is >= 0 and <= 1 ? null : ApiProblem.Invalid(field, "must be a fraction between 0 and 1");
    }

    /// <summary>The EWMA decay: default <see cref="EwmaVaR.DefaultLambda"/>, strictly between 0 and 1.</summary>
    public static ProblemHttpResult? Lambda(double? value, out double lambda)
    {
        lambda = value ?? EwmaVaR.DefaultLambda;
        return double.IsFinite(lambda) && lambda is > 0 and < 1 ? null : ApiProblem.Invalid("lambda",
            "must be between 0 and 1 (exclusive)");
    }

    /// <summary>Return series by symbol, checked, into the rows of <paramref name="book"/>'s symbols (null for a flat book).</summary>
    public static ProblemHttpResult? Returns(Dictionary<string, double[]?> returns, Book book, out ReturnMatrix? matrix)
    {
        matrix = null;
        var length = -1;
        foreach (var (symbol, series) in returns)
        {
            var field = $"returns.{symbol}";
            if (RequestRules.Symbol(symbol, field) is { } badKey) return badKey;
            if (series is null) return ApiProblem.Invalid(field, "must be an array of numbers");
            if (series.Length < 2) return ApiProblem.Invalid(field, "needs at least 2 observations");
            if (series.Length > RequestRules.MaxObservations)
                return ApiProblem.Invalid(field, $"at most {RequestRules.MaxObservations} observations are accepted");
            if (length >= 0 && series.Length != length)
                return ApiProblem.Invalid(field, $"has {series.Length} observations; every series must have the same length ({length})");
            length = series.Length;
            for (var t = 0; t < series.Length; t++)
            {
                var r = series[t];
                if (RequestRules.Return(r, $"{field}[{t}]", "simple return") is { } badReturn) return badReturn;
            }
        }
        if (book.IsFlat) return null; // nothing at risk: the history is checked but not needed
        var rows = new double[book.Symbols.Length][];
        for (var i = 0; i < rows.Length; i++)
        {
            if (!returns.TryGetValue(book.Symbols[i], out var series) || series is null)
                return ApiProblem.Invalid("returns", $"has no series for position symbol '{book.Symbols[i]}'");
            rows[i] = series;
        }
        matrix = new ReturnMatrix(rows);
        return null;
    }
}
