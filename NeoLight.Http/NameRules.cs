using System.Globalization;

namespace NeoLight.Http;

/// <summary>
/// The one rule for names in every service. A symbol is 1–32 characters of ASCII letters, digits and <c>. _ - / :</c>,
/// starting with a letter or digit and without <c>..</c> (BTC-USD, ETH/USDT, ES.F, BINANCE:BTCUSDT; not ../../tmp/x);
/// any other name (agent, strategy, scenario, node) is 1–128 characters
/// with no control or formatting character (no newline, no bidi override). Everything else is a 400 naming the field.
/// </summary>
public static class NameRules
{
    public const int MaxSymbol = 32;
    public const int MaxName = 128;

    public static ProblemHttpResult? Symbol(string? value, string field)
    {
        if (string.IsNullOrEmpty(value)) return ApiProblem.Invalid(field, "is required and must not be empty");
        if (value.Length > MaxSymbol) return ApiProblem.Invalid(field, $"must be at most {MaxSymbol} characters");
        foreach (var c in value)
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/' or ':'))
                return ApiProblem.Invalid(field, "may hold only letters, digits and . _ - / :");
        if (!char.IsAsciiLetterOrDigit(value[0]) || value.Contains("..", StringComparison.Ordinal))
            return ApiProblem.Invalid(field, "must start with a letter or digit and must not hold ..");
        return null;
    }

    public static ProblemHttpResult? Name(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value)) return ApiProblem.Invalid(field, "is required and must not be empty");
        if (value.Length > MaxName) return ApiProblem.Invalid(field, $"must be at most {MaxName} characters");
        foreach (var c in value)
        {
            var category = char.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator)
                return ApiProblem.Invalid(field, "must not hold control or formatting characters");
        }
        return null;
    }
}
