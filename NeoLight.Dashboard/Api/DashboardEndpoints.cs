using System.Text.Json;
using NeoLight.Contracts;
using NeoLight.Dashboard.Ingestion;
using NeoLight.Dashboard.Storage;
using NeoLight.ServiceDefaults;

namespace NeoLight.Dashboard.Api;

/// <summary>The dashboard section of API.md. Writes go through the ingestion queue and answer only once committed.</summary>
public static class DashboardEndpoints
{
    private static NeoLightJsonContext Json => NeoLightJsonContext.Default;

    public static WebApplication MapDashboardEndpoints(this WebApplication app)
    {
        app.MapGet("/status", (SystemStatus status) => Results.Text(status.Render(), "application/json"))
            .Produces(StatusCodes.Status200OK, contentType: "application/json").WithSummary("Host, database, ingestion and risk-engine status");

        var meta = app.MapGroup("/meta");
        meta.MapGet("/metrics", (LatestState latest, MetricsDocuments documents) =>
            Results.Bytes(documents.Current(latest.Latest(RecordKind.Metrics)), "application/json"))
            .Produces<MetaMetricsDto>().WithSummary("The newest metrics snapshot");
        meta.MapPost("/metrics", PostMetricsAsync).RequireApiKey()
            .Describe<MetaMetricsDto, AcceptedResponse>("Stores a metrics snapshot; 200 once committed");
        meta.MapGet("/metrics/history", MetricsHistory)
            .Produces(StatusCodes.Status200OK, contentType: "application/json").ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Stored snapshots, newest first, by page (limit, cursor, since)");
        meta.MapGet("/performance", Performance)
            .Produces<DecisionListDto>().ProducesProblem(StatusCodes.Status400BadRequest)
            .WithSummary("Stored decisions, newest first, by page (limit, cursor)");
        meta.MapPost("/performance", PostDecisionsAsync).RequireApiKey()
            .Describe<DecisionBatchDto, AcceptedResponse>("Stores decisions (one, an array, or {\"decisions\":[…]}); 200 once committed");
        meta.MapGet("/regime", (LatestState latest) =>
            Results.Text(latest.Latest(RecordKind.Regime)?.Payload ?? EmptyShapes.Regime, "application/json"))
            .Produces<RegimeDto>().WithSummary("The newest market regime");
        meta.MapPost("/regime", PostRegimeAsync).RequireApiKey().Describe<RegimeDto, AcceptedResponse>("Stores the market regime");

        app.MapGet("/governor/allocations", (LatestState latest) =>
            Results.Text(latest.Latest(RecordKind.Allocations)?.Payload ?? EmptyShapes.Allocations, "application/json"))
            .Produces<AllocationsDto>().WithSummary("The newest capital allocations");
        app.MapPost("/governor/allocations", PostAllocationsAsync).RequireApiKey()
            .Describe<AllocationsDto, AcceptedResponse>("Stores capital allocations");
        app.MapPost("/atlas/update", PostAtlasAsync).RequireApiKey()
            .Describe<System.Text.Json.JsonElement, AcceptedResponse>("Stores an atlas update (any JSON object)");
        return app;
    }

    private static async Task<IResult> PostMetricsAsync(HttpRequest http, IngestionQueue queue, TimeProvider time, DashboardOptions options)
    {
        var (document, problem) = await JsonBody.ReadDocumentAsync(http);
        if (problem is not null) return problem;
        using (document)
        {
            if (ReportValidation.Metrics(document!.RootElement) is { } invalid) return invalid;
            var raw = document.RootElement.GetRawText();
            if (OverBudget(raw, options) is { } tooBig) return tooBig;
            return await StoreAsync(queue, RecordKind.Metrics, [raw], time, http.HttpContext.RequestAborted);
        }
    }

    private static async Task<IResult> PostAtlasAsync(HttpRequest http, IngestionQueue queue, TimeProvider time, DashboardOptions options)
    {
        var (document, problem) = await JsonBody.ReadDocumentAsync(http);
        if (problem is not null) return problem;
        using (document)
        {
            if (document!.RootElement.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid("body", "must be a JSON object");
            var raw = document.RootElement.GetRawText();
            if (OverBudget(raw, options) is { } tooBig) return tooBig;
            return await StoreAsync(queue, RecordKind.Atlas, [raw], time, http.HttpContext.RequestAborted);
        }
    }

    /// <summary>
    /// A snapshot is stored as sent, members we do not know included — within <c>DASHBOARD_MAX_SNAPSHOT_BYTES</c>, so that
    /// nobody can grow the database by megabytes a post (413 otherwise, nothing stored).
    /// </summary>
    private static ApiProblem? OverBudget(string raw, DashboardOptions options) =>
        System.Text.Encoding.UTF8.GetByteCount(raw) <= options.MaxSnapshotBytes ? null
        : ApiProblem.Of(StatusCodes.Status413PayloadTooLarge, "Snapshot too large",
            $"body: a stored snapshot may take at most {options.MaxSnapshotBytes} bytes (DASHBOARD_MAX_SNAPSHOT_BYTES)", "body");

    private static async Task<IResult> PostDecisionsAsync(HttpRequest http, IngestionQueue queue, TimeProvider time)
    {
        var (document, problem) = await JsonBody.ReadDocumentAsync(http);
        if (problem is not null) return problem;
        using (document)
        {
            var root = document!.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return ApiProblem.Invalid("body", "must be a decision object or {\"decisions\":[…]}");
            var now = time.GetUtcNow();
            List<DecisionDto?> decisions;
            string prefix;
            try
            {
                if (root.TryGetProperty("decisions", out _))
                {
                    var batch = root.Deserialize(Json.DecisionBatchDto)!;
                    if (batch.Decisions is null) return ApiProblem.Invalid("decisions", "must be an array");
                    if (batch.Decisions.Count > ReportValidation.MaxBatch)
                        return ApiProblem.Invalid("decisions", $"at most {ReportValidation.MaxBatch} decisions per request");
                    decisions = batch.Decisions;
                    prefix = "decisions";
                }
                else
                {
                    decisions = [root.Deserialize(Json.DecisionDto)];
                    prefix = "";
                }
            }
            catch (JsonException ex)
            {
                return JsonBody.Describe(ex);
            }
            if (decisions.Count == 0) return ApiProblem.Invalid("decisions", "must not be empty");

            var payloads = new string[decisions.Count];
            for (var i = 0; i < decisions.Count; i++)
            {
                var at = prefix.Length == 0 ? "" : $"{prefix}[{i}]";
                if (ReportValidation.Decision(decisions[i], at) is { } invalid) return invalid;
                decisions[i]!.Timestamp ??= now;
                payloads[i] = JsonSerializer.Serialize(decisions[i]!, Json.DecisionDto);
            }
            return await StoreAsync(queue, RecordKind.Decision, payloads, time, http.HttpContext.RequestAborted);
        }
    }

    private static async Task<IResult> PostRegimeAsync(HttpRequest http, IngestionQueue queue, TimeProvider time)
    {
        var body = await JsonBody.ReadAsync(http, Json.RegimeDto);
        if (body.Problem is not null) return body.Problem;
        var regime = body.Value!;
        if (ReportValidation.Regime(regime) is { } invalid) return invalid;
        regime.RiskMultiplier ??= 1.0;
        regime.Timestamp ??= time.GetUtcNow();
        return await StoreAsync(queue, RecordKind.Regime, [JsonSerializer.Serialize(regime, Json.RegimeDto)], time, http.HttpContext.RequestAborted);
    }

    private static async Task<IResult> PostAllocationsAsync(HttpRequest http, IngestionQueue queue, TimeProvider time)
    {
        var body = await JsonBody.ReadAsync(http, Json.AllocationsDto);
        if (body.Problem is not null) return body.Problem;
        var allocations = body.Value!;
        if (ReportValidation.Allocations(allocations) is { } invalid) return invalid;
        allocations.Timestamp ??= time.GetUtcNow();
        allocations.Source ??= "api";
        allocations.Cash ??= Math.Max(0, 1 - allocations.Allocations!.Values.Sum());
        return await StoreAsync(queue, RecordKind.Allocations, [JsonSerializer.Serialize(allocations, Json.AllocationsDto)], time,
            http.HttpContext.RequestAborted);
    }

    /// <summary>Queues the records and answers once they are committed: 200 stored, or 503 with Retry-After when full or failing.</summary>
    private static async Task<IResult> StoreAsync(IngestionQueue queue, RecordKind kind, string[] payloads, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var write = new PendingWrite(kind, payloads, time.GetUtcNow());
        if (await queue.EnqueueAsync(write, cancellationToken) == EnqueueResult.Full)
            return ApiProblem.RetryLater("queue", "the ingestion queue is full; nothing was stored, retry after the delay");
        try
        {
            await write.Committed;
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException)
        {
            return ApiProblem.RetryLater("database", "the write could not be committed; nothing was stored, retry after the delay");
        }
        return TypedResults.Json(new AcceptedResponse { Status = "stored", Stored = payloads.Length, Timestamp = write.ReceivedAt },
            Json.AcceptedResponse);
    }

    private static IResult MetricsHistory(IDashboardStore store, string? since, string? limit, string? cursor)
    {
        if (HistoryQuery.Read(limit, cursor, since, HistoryQuery.MaxSnapshots, out var query) is { } invalid) return invalid;
        return new HistoryPageResult(store, RecordKind.Metrics, query, "snapshots", store.Count(RecordKind.Metrics, query.Since));
    }

    private static IResult Performance(IDashboardStore store, LatestState latest, string? limit, string? cursor)
    {
        if (HistoryQuery.Read(limit, cursor, null, HistoryQuery.MaxDecisions, out var query) is { } invalid) return invalid;
        return new HistoryPageResult(store, RecordKind.Decision, query, "decisions", latest.Count(RecordKind.Decision),
            latest.Latest(RecordKind.Decision)?.ReceivedAt, withLastUpdate: true);
    }
}
