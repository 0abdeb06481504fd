using System.Text.Json;
using NeoLight.Contracts;
using NeoLight.Http;

namespace NeoLight.Dashboard.Api;

/// <summary>
/// A report an agent posts, checked and ready to store: its payloads as they will be kept, and their ids (stored once each)
/// when it carries them. One type per kind, so each endpoint binds its own (<see cref="Checked{T}"/>).
/// </summary>
internal abstract record Report(string[] Payloads, string?[]? Keys);

internal sealed partial record MetricsReport(string[] Payloads) : Report(Payloads, null), ICheckedRequest<MetricsReport>
{
    public static ValueTask<RequestCheck<MetricsReport>> CheckAsync(HttpContext context) =>
        Reports.ReadDocumentAsync<MetricsReport>(context, (root, services) =>
            (MetricsReport.From(root, services.GetRequiredService<DashboardOptions>(), out var payloads), new(payloads)));
}

internal sealed partial record AtlasReport(string[] Payloads) : Report(Payloads, null), ICheckedRequest<AtlasReport>
{
    public static ValueTask<RequestCheck<AtlasReport>> CheckAsync(HttpContext context) =>
        Reports.ReadDocumentAsync<AtlasReport>(context, (root, services) =>
            (AtlasReport.From(root, services.GetRequiredService<DashboardOptions>(), out var payloads), new(payloads)));
}

internal sealed partial record DecisionsReport(string[] Payloads, string?[]? Keys) : Report(Payloads, Keys),
    ICheckedRequest<DecisionsReport>
{
    public static ValueTask<RequestCheck<DecisionsReport>> CheckAsync(HttpContext context) =>
        Reports.ReadDocumentAsync<DecisionsReport>(context, (root, services) =>
            (DecisionsReport.From(root, Reports.Now(services), out var payloads, out var keys), new(payloads, keys)));
}

internal sealed partial record RegimeReport(string[] Payloads, string?[]? Keys) : Report(Payloads, Keys), ICheckedRequest<RegimeReport>
{
    public static ValueTask<RequestCheck<RegimeReport>> CheckAsync(HttpContext context) =>
        RequestChecks.ReadAsync<RegimeDto, RegimeReport>(context, NeoLightJsonContext.Default.RegimeDto,
            (RegimeDto regime, out RegimeReport report) =>
            {
                var problem = RegimeReport.From(regime, Reports.Now(context.RequestServices), out var payloads);
                report = new RegimeReport(payloads, [regime.Id]);
                return problem;
            });
}

internal sealed partial record AllocationsReport(string[] Payloads) : Report(Payloads, null), ICheckedRequest<AllocationsReport>
{
    public static ValueTask<RequestCheck<AllocationsReport>> CheckAsync(HttpContext context) =>
        RequestChecks.ReadAsync<AllocationsDto, AllocationsReport>(context, NeoLightJsonContext.Default.AllocationsDto,
            (AllocationsDto allocations, out AllocationsReport report) =>
            {
                var problem = AllocationsReport.From(allocations, Reports.Now(context.RequestServices), out var payloads);
                report = new AllocationsReport(payloads);
                return problem;
            });
}

internal sealed record SessionReport(string[] Payloads, string?[]? Keys) : Report(Payloads, Keys), ICheckedRequest<SessionReport>
{
    public static ValueTask<RequestCheck<SessionReport>> CheckAsync(HttpContext context) =>
        RequestChecks.ReadAsync<SessionDto, SessionReport>(context, NeoLightJsonContext.Default.SessionDto,
            (SessionDto session, out SessionReport report) =>
            {
                report = null!;
                if (session.Session is null) return ApiProblem.Invalid("session", "is required");
                if (RequestRules.Id(session.Session, "session") is { } badSession) return badSession;
                if (session.Reason is { Length: > 500 }) return ApiProblem.Invalid("reason", "at most 500 characters");
                session.StartedAt ??= Reports.Now(context.RequestServices);
                report = new SessionReport([JsonSerializer.Serialize(session, NeoLightJsonContext.Default.SessionDto)], [session.Session]);
                return null;
            });
}

internal static class Reports
{
    public static DateTimeOffset Now(IServiceProvider services) => services.GetRequiredService<TimeProvider>().GetUtcNow();

    /// <summary>For bodies kept as sent: read as a document (unknown members survive), checked by the reader.</summary>
    public static async ValueTask<RequestCheck<T>> ReadDocumentAsync<T>(HttpContext context,
        Func<JsonElement, IServiceProvider, (ProblemHttpResult? Problem, T Report)> read) where T : Report
    {
        var (document, problem) = await JsonBody.ReadDocumentAsync(context.Request);
        if (problem is not null) return problem;
        using (document)
        {
            var (invalid, report) = read(document!.RootElement, context.RequestServices);
            return invalid is null ? new RequestCheck<T>(report, null) : invalid;
        }
    }
}
