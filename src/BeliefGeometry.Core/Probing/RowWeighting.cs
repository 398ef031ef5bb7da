using System.Text.Json.Serialization;

namespace BeliefGeometry.Probing;

/// <summary>How the rows of a probe (one per distinct prefix) are weighted.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RowWeighting>))]
public enum RowWeighting
{
    /// <summary>w = P(prefix): each prefix length weighs 1 in total (the default).</summary>
    [JsonStringEnumMemberName("prefix_probability")] PrefixProbability,

    /// <summary>
    /// w = the number of positive-probability words of length n_ctx that begin with the prefix. A fit on these
    /// weights is the fit on the published rows — every such word at every position, equally weighted, a prefix
    /// repeated once per word that shares it — without repeating any row.
    /// </summary>
    [JsonStringEnumMemberName("sequence_count")] SequenceCount,
}
