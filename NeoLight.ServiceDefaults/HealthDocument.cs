using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace NeoLight.ServiceDefaults;

/// <summary>
/// The original's health document (<c>status</c>, <c>service</c>, <c>version</c>, <c>uptime</c>,
/// <c>timestamp</c>) written straight to the response: the probe is polled often, so no DTO.
/// </summary>
public static class HealthDocument
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        var identity = context.RequestServices.GetRequiredService<ServiceIdentity>();
        var now = context.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow();
        context.Response.ContentType = "application/json";

        await using (var json = new Utf8JsonWriter(context.Response.BodyWriter))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status == HealthStatus.Healthy ? "ok" : report.Status.ToString().ToLowerInvariant());
            json.WriteString("service", identity.Name);
            json.WriteString("version", identity.Version);
            json.WriteString("uptime", identity.FormatUptime(now));
            json.WriteString("timestamp", LogTime.Format(now));
            if (report.Status != HealthStatus.Healthy)
            {
                json.WriteStartObject("checks");
                foreach (var (name, entry) in report.Entries)
                    json.WriteString(name, entry.Description ?? entry.Status.ToString());
                json.WriteEndObject();
            }
            json.WriteEndObject();
        }
        await context.Response.BodyWriter.FlushAsync();
    }
}
