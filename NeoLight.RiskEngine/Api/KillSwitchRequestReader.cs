using NeoLight.Contracts;
using NeoLight.Http;

namespace NeoLight.RiskEngine.Api;

/// <summary>Turns <see cref="KillSwitchRequest"/> into the switch's new position, or the problem naming the bad field.</summary>
internal static class KillSwitchRequestReader
{
    public const int MaxReasonLength = 500;

    public static ProblemHttpResult? Read(KillSwitchRequest request, out bool halted, out string? reason)
    {
        halted = false;
        reason = request.Reason;
        if (request.Halted is not { } value) return ApiProblem.Invalid("halted", "is required (true halts trading, false resumes)");
        if (reason is { Length: > MaxReasonLength }) return ApiProblem.Invalid("reason", $"at most {MaxReasonLength} characters");
        halted = value;
        return null;
    }
}
