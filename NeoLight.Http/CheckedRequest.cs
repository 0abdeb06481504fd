using System.Reflection;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace NeoLight.Http;

/// <summary>
/// A request command that knows how to read and check itself from a request: its JSON body read with <see cref="JsonBody"/>,
/// every field checked by its reader. Bound as <see cref="Checked{T}"/>, a handler receives it checked.
/// </summary>
public interface ICheckedRequest<TSelf> where TSelf : class, ICheckedRequest<TSelf>
{
    static abstract ValueTask<RequestCheck<TSelf>> CheckAsync(HttpContext context);
}

/// <summary>A command, or the problem that explains why the request does not make one.</summary>
public readonly record struct RequestCheck<T>(T? Command, ProblemHttpResult? Problem) where T : class
{
    public static implicit operator RequestCheck<T>(ProblemHttpResult problem) => new(null, problem);
}

/// <summary>A bound request as endpoint filters see it: the checked command, or the problem answered instead of the handler.</summary>
public interface ICheckedArgument
{
    object? Command { get; }
    ProblemHttpResult? Problem { get; }
}

/// <summary>
/// A handler parameter bound from the request body by <typeparamref name="T"/>'s own check. When the check fails the handler
/// does not run: the endpoint's filter answers the problem (400/413/415 naming the field).
/// </summary>
public sealed class Checked<T> : IBindableFromHttpContext<Checked<T>>, ICheckedArgument where T : class, ICheckedRequest<T>
{
    private readonly T? _command;

    private Checked(T? command, ProblemHttpResult? problem) => (_command, Problem) = (command, problem);

    public T Command => _command
        ?? throw new InvalidOperationException($"{typeof(T).Name} was not checked: {Problem?.ProblemDetails.Detail}");
    public ProblemHttpResult? Problem { get; }
    object? ICheckedArgument.Command => _command;

    public static async ValueTask<Checked<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var check = await T.CheckAsync(context);
        return new Checked<T>(check.Command, check.Command is null ? check.Problem ?? ApiProblem.Invalid("body", "is required") : null);
    }
}

/// <summary>The usual shape of a check: the body read as <typeparamref name="TBody"/>, then one reader turns it into a command.</summary>
public static class RequestChecks
{
    public delegate ProblemHttpResult? Reader<in TBody, TCommand>(TBody body, out TCommand command);

    public static async ValueTask<RequestCheck<TCommand>> ReadAsync<TBody, TCommand>(HttpContext context, JsonTypeInfo<TBody> body,
        Reader<TBody, TCommand> reader) where TBody : class where TCommand : class
    {
        var read = await JsonBody.ReadAsync(context.Request, body);
        if (read.Problem is not null) return read.Problem;
        return reader(read.Value!, out var command) is { } problem ? problem : new RequestCheck<TCommand>(command, null);
    }

    /// <summary>Answers a failed <see cref="Checked{T}"/> argument's problem; the handler runs only with checked commands.</summary>
    internal static ValueTask<object?> AnswerProblems(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        // Not async: the handler's own task is passed on, without a state machine of this filter per request.
        foreach (var argument in context.Arguments)
            if (argument is ICheckedArgument { Problem: { } problem }) return ValueTask.FromResult<object?>(problem);
        return next(context);
    }
}
