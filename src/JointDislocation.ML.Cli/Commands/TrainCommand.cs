using System.CommandLine;

namespace JointDislocation.ML.Cli.Commands;

/// <summary><c>jdml train</c>: trains candidate heads, selects the best by cross-validated AUROC, refits.</summary>
internal static class TrainCommand
{
    public static Command Create(CliEnvironment environment)
    {
        var data = CommonOptions.Data();
        var output = CommonOptions.Out("Folder to write model.jdml and training.json into.");
        var joint = new Option<string?>("--joint") { Description = "Joint to train (selects a subfolder or manifest rows)." };
        var positive = new Option<string>("--positive") { Description = "Label of the positive class.", DefaultValueFactory = _ => "dislocated" };
        var negative = new Option<string>("--negative") { Description = "Label of the negative class.", DefaultValueFactory = _ => "located" };
        var backbone = new Option<string>("--backbone") { Description = "resnet18 or a path to an ONNX image model.", DefaultValueFactory = _ => "resnet18" };
        var heads = new Option<string>("--heads") { Description = "Comma-separated heads: logreg,sdca,svm,fasttree,lightgbm.", DefaultValueFactory = _ => "logreg,sdca,svm,fasttree,lightgbm" };
        var augment = new Option<string>("--augment") { Description = "Comma-separated augmentation modes: none, static:K, online:E.", DefaultValueFactory = _ => "none,static:13" };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds.", DefaultValueFactory = _ => 5 };
        var seed = CommonOptions.Seed();
        var strict = CommonOptions.Strict();

        var command = new Command("train", "Train candidate classifiers for one joint, select by cross-validated AUROC, refit.")
        {
            data, output, joint, positive, negative, backbone, heads, augment, folds, seed, strict,
        };
        command.SetAction((_, _) => Task.FromResult(NotBuiltYet.Report(environment, "train")));
        return command;
    }
}
