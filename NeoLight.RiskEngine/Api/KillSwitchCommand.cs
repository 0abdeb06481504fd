using NeoLight.Contracts;
using NeoLight.Http;

namespace NeoLight.RiskEngine.Api;

/// <summary>The kill switch's new position and why.</summary>
internal sealed partial record KillSwitchCommand(bool Halted, string? Reason) : ICheckedRequest<KillSwitchCommand>
{
    public static ValueTask<RequestCheck<KillSwitchCommand>> CheckAsync(HttpContext context) =>
        RequestChecks.ReadAsync<KillSwitchRequest, KillSwitchCommand>(context,
            NeoLightJsonContext.Default.KillSwitchRequest, KillSwitchCommand.From);
}

/// <summary>Turns <see cref="KillSwitchRequest"/> into the switch's new position, or the problem naming the bad field.</summary>
internal sealed partial record KillSwitchCommand
{
    public const int MaxReasonLength = 500;

    public static ProblemHttpResult? From(KillSwitchRequest request, out KillSwitchCommand command)
    {
        command = null!;
        if (request.Halted is not { } halted) return ApiProblem.Invalid("halted", "is required (true halts trading, false resumes)");
        if (request.Reason is { Length: > MaxReasonLength }) return ApiProblem.Invalid("reason", $"at most {MaxReasonLength} characters");
        command = new KillSwitchCommand(halted, request.Reason);
        return null;
    }
}
