using System.Threading.RateLimiting;
using NeoLight.Http;

namespace NeoLight.RiskEngine.Api;

/// <summary>A checked command whose size is known before it runs: model units, and the request field that makes them so.</summary>
internal interface IHeavyRequest
{
    (long Units, string Field) Work { get; }
}

/// <summary>
/// Heavy requests (at least <see cref="RequestRules.HeavyWork"/> units) run only with a worker's turn (RISK_WORKERS, with
/// RISK_WORK_QUEUE waiting); when none is free they get 503 + Retry-After and nothing runs. Light ones pass untouched, so a
/// burst of heavy work cannot starve the cheap endpoints or the health probe.
/// </summary>
internal static class HeavyWorkAdmission
{
    public static RouteHandlerBuilder AdmitsHeavyWork(this RouteHandlerBuilder builder) => builder.AddEndpointFilter(AdmitAsync);

    private static async ValueTask<object?> AdmitAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var heavy = context.Arguments.OfType<ICheckedArgument>().Select(a => a.Command).OfType<IHeavyRequest>().FirstOrDefault();
        if (heavy is null || heavy.Work.Units < RequestRules.HeavyWork) return await next(context);
        var services = context.HttpContext.RequestServices;
        using var turn = await services.GetRequiredService<ConcurrencyLimiter>().AcquireAsync(1, context.HttpContext.RequestAborted);
        if (turn.IsAcquired) return await next(context);
        var limits = services.GetRequiredService<ConcurrencyLimiterOptions>();
        return ApiProblem.RetryLater(context.HttpContext.Response, heavy.Work.Field,
            $"every worker ({limits.PermitLimit}) is busy with heavy work and {limits.QueueLimit} wait; nothing was recorded, "
            + "retry after the delay (RISK_WORKERS, RISK_WORK_QUEUE)");
    }
}
