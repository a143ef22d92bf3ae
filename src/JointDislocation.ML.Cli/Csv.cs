namespace JointDislocation.ML.Cli;

/// <summary>RFC 4180 quoting for CSV fields the CLI writes.</summary>
internal static class Csv
{
    public static string Field(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
}
