using System.Globalization;
using NeoLight.Http;

namespace NeoLight.Dashboard.Api;

/// <summary>
/// One page of a history endpoint, read from its query string: at most <c>limit</c> records (up to the kind's
/// maximum), newest first, older than the opaque <c>cursor</c> a previous page returned as <c>next_cursor</c>,
/// optionally only those received <c>since</c> a time.
/// </summary>
internal sealed record HistoryQuery(int Limit, long? Before, DateTimeOffset? Since)
{
    public const int DefaultLimit = 100;
    public const int MaxSnapshots = 1_000;   // a snapshot may take 64 KB: a page stays within 64 MB on the wire
    public const int MaxDecisions = 10_000;  // a decision is a few hundred bytes

    public static ProblemHttpResult? Read(string? limit, string? cursor, string? since, int maxLimit, out HistoryQuery query)
    {
        query = null!;
        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1
            || count > maxLimit))
            return ApiProblem.Invalid("limit", $"must be a whole number between 1 and {maxLimit}");
        long? before = null;
        if (cursor is not null)
        {
            if (!long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id < 1)
                return ApiProblem.Invalid("cursor", "must be a next_cursor value from a previous page");
            before = id;
        }
        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return ApiProblem.Invalid("since", "must be an ISO 8601 timestamp");
            from = parsed;
        }
        query = new HistoryQuery(count, before, from);
        return null;
    }
}
