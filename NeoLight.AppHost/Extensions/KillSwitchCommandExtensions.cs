using Aspire.Hosting;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting.ApplicationModel;

using NeoLight.Contracts;

namespace NeoLight.AppHost.Extensions;

public static class KillSwitchCommandExtensions
{
    public const string HaltCommand = "halt-trading";
    public const string ResumeCommand = "resume-trading";

    /// <summary>
    /// "Halt trading" and "Resume trading" on the risk engine's row of the Aspire dashboard: each asks for a
    /// confirmation, then posts to the engine's kill switch (<c>POST /risk/kill-switch</c>) and reports its answer.
    /// </summary>
    public static IResourceBuilder<T> WithKillSwitchCommands<T>(this IResourceBuilder<T> builder) where T : IResourceWithEndpoints =>
        builder
            .WithHttpCommand("/risk/kill-switch", "Halt trading", commandName: HaltCommand, commandOptions: Options(halted: true,
                "Halt trading? The risk engine will refuse every order until trading is resumed.", "Pause"))
            .WithHttpCommand("/risk/kill-switch", "Resume trading", commandName: ResumeCommand, commandOptions: Options(halted: false,
                "Resume trading? The risk engine will vet orders again.", "Play"));

    private static HttpCommandOptions Options(bool halted, string confirmation, string icon) => new()
    {
        Method = HttpMethod.Post,
        Description = halted ? "Engage the kill switch: every pre-trade check is refused." : "Release the kill switch.",
        ConfirmationMessage = confirmation,
        IconName = icon,
        PrepareRequest = async context =>
        {
            if (await context.Endpoint.Resource.ApiKeyAsync(context.CancellationToken) is { } key)
                context.Request.Headers.Add(WireHeaders.ApiKey, key);
            context.Request.Content = JsonContent.Create(new JsonObject
            {
                ["halted"] = halted,
                ["reason"] = halted ? "halted from the Aspire dashboard" : "resumed from the Aspire dashboard",
            });
        },
        GetCommandResult = async context =>
        {
            var body = await context.Response.Content.ReadAsStringAsync(context.CancellationToken);
            if (!context.Response.IsSuccessStatusCode)
                return CommandResults.Failure($"The risk engine answered {(int)context.Response.StatusCode}: {body}");
            var now = JsonDocument.Parse(body).RootElement.TryGetProperty("halted", out var h) && h.GetBoolean();
            return now == halted
                ? CommandResults.Success()
                : CommandResults.Failure($"The risk engine reports halted = {now}, expected {halted}.");
        },
        UpdateState = context => context.ResourceSnapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy
            ? ResourceCommandState.Enabled
            : ResourceCommandState.Disabled,
    };
}
