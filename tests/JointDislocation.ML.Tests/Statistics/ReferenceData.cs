using System.Text.Json;
using JointDislocation.ML.Statistics;

namespace JointDislocation.ML.Tests.Statistics;

/// <summary>The pROC and scikit-learn reference values in TestData/Statistics (made by make_reference.R / .py).</summary>
internal static class ReferenceData
{
    public static string Folder => Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Statistics");

    public static JsonElement Proc { get; } = Load("proc_reference.json");

    public static JsonElement Sklearn { get; } = Load("sklearn_reference.json");

    public static JsonElement Cli { get; } = Load("cli_reference.json");

    public static IEnumerable<string> CaseNames() =>
        Load("proc_reference.json").GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!);

    public static JsonElement ProcCase(string name) =>
        Proc.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static JsonElement SklearnCase(string name) =>
        Sklearn.GetProperty("cases").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static (bool[] Labels, double[] Score, double[] Score2) Case(string name)
    {
        var table = ScoreTable.Read(Path.Combine(Folder, "cases", name + ".csv"), "label", ["score", "score2"]);
        return (table.Labels.ToArray(), table.Scores("score").ToArray(), table.Scores("score2").ToArray());
    }

    /// <summary>A reference number; JSON null (R's NA/NaN/Inf) reads as NaN.</summary>
    public static double Number(JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? double.NaN : element.GetProperty(property).GetDouble();

    private static JsonElement Load(string file)
    {
        var path = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Statistics", file);
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }
}
