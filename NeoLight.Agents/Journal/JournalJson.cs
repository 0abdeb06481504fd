using System.Text.Json.Serialization;
using NeoLight.Agents.Market;
using NeoLight.Agents.Trading;

namespace NeoLight.Agents.Journal;

/// <summary>The journal's JSON (source-generated; doubles are written so that they read back to the same bits).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MarketTick))]
[JsonSerializable(typeof(OrderEvent))]
[JsonSerializable(typeof(RegimeEvent))]
[JsonSerializable(typeof(GuardianEvent))]
[JsonSerializable(typeof(Dictionary<string, double>))]
[JsonSerializable(typeof(TraderState))]
[JsonSerializable(typeof(SessionEvent))]
internal sealed partial class JournalJson : JsonSerializerContext;
