using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace NeoLight.Hosting.Telemetry;

/// <summary>The structured logs, traces and metrics views of the orchestration dashboard, and the JSON they poll.</summary>
internal static class TelemetryViews
{
    public static void MapTelemetryViews(this WebApplication web, TelemetryStore store)
    {
        var json = DashboardJson.Default;
        web.MapGet("/structuredlogs", () => Results.Content(TelemetryPages.Logs, "text/html; charset=utf-8"));
        web.MapGet("/traces", () => Results.Content(TelemetryPages.Traces, "text/html; charset=utf-8"));
        web.MapGet("/metrics", () => Results.Content(TelemetryPages.Metrics, "text/html; charset=utf-8"));

        web.MapGet("/api/telemetry/resources", () => Results.Json(store.Resources().ToArray(), json.StringArray));
        web.MapGet("/api/logs", (string? resource, int? level, string? text, long? after) =>
            Results.Json(store.Logs(string.IsNullOrEmpty(resource) ? null : resource, level ?? 0, string.IsNullOrEmpty(text) ? null : text, after ?? 0, 500).ToArray(),
                json.LogRecordViewArray));
        web.MapGet("/api/traces", (string? resource) =>
            Results.Json(store.Traces(string.IsNullOrEmpty(resource) ? null : resource, 500).ToArray(), json.TraceSummaryArray));
        web.MapGet("/api/traces/{traceId}", (string traceId) => Results.Json(store.Trace(traceId).ToArray(), json.SpanViewArray));
        web.MapGet("/api/metrics/{resource}", (string resource) => Results.Json(store.Instruments(resource).ToArray(), json.InstrumentViewArray));
        web.MapGet("/api/metrics/{resource}/{instrument}", (string resource, string instrument) =>
            Results.Json(store.Points(resource, instrument).TakeLast(2000).ToArray(), json.MetricPointArray));
    }
}
