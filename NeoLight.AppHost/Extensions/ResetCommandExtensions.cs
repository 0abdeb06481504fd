using Aspire.Hosting;
using System.Text.Json;
using Aspire.Hosting.ApplicationModel;

using NeoLight.Contracts;

namespace NeoLight.AppHost.Extensions;

public static class ResetCommandExtensions
{
    public const string ResetCommand = "reset-paper-trading";

    /// <summary>
    /// "Reset paper trading" on the trader's row of the Aspire dashboard: after a confirmation it posts to the trader's
    /// <c>POST /agent/reset</c>, which starts a new session in all three services (the trader's journal, the book's drawdown in
    /// the risk engine, a session marker in the dashboard) and reports the new session.
    /// </summary>
    public static IResourceBuilder<T> WithResetCommand<T>(this IResourceBuilder<T> builder) where T : IResourceWithEndpoints =>
        builder.WithHttpCommand("/agent/reset", "Reset paper trading", commandName: ResetCommand, commandOptions: new HttpCommandOptions
        {
            Method = HttpMethod.Post,
            Description = "Start a new paper-trading session: fresh books and counters on the market as it stands.",
            ConfirmationMessage = "Reset paper trading? Every agent's book starts again from its capital; the history stays stored.",
            IconName = "ArrowReset",
            PrepareRequest = async context =>
            {
                if (await context.Endpoint.Resource.ApiKeyAsync(context.CancellationToken) is { } key)
                    context.Request.Headers.Add(WireHeaders.ApiKey, key);
            },
            GetCommandResult = async context =>
            {
                var body = await context.Response.Content.ReadAsStringAsync(context.CancellationToken);
                if (!context.Response.IsSuccessStatusCode)
                    return CommandResults.Failure($"The trader answered {(int)context.Response.StatusCode}: {body}");
                var session = JsonDocument.Parse(body).RootElement.GetProperty("session").GetString();
                return CommandResults.Success($"New session {session}");
            },
            UpdateState = context =>
                context.ResourceSnapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
                    ? ResourceCommandState.Enabled
                    : ResourceCommandState.Disabled,
        });
}
