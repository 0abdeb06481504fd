namespace NeoLight.Contracts;

/// <summary>Headers of the wire contract that are NeoLight's own.</summary>
public static class WireHeaders
{
    /// <summary>Carries the shared API key (<c>NEOLIGHT_API_KEY</c>) on requests that change state.</summary>
    public const string ApiKey = "X-Api-Key";
}
