using System.Data;
using Dapper;

namespace PluginHost.Registration.Store;

public sealed partial class RegistrationStore
{
    /// <summary>Images of one step (by id or name), or of every step when <paramref name="step"/> is null.</summary>
    public IReadOnlyList<ImageRecord> ListImages(string? step = null) => Read(connection =>
    {
        var stepId = step is null ? null : FindStep(connection, null, step).Id.ToString();
        return ReadImages(connection, null, "WHERE (@stepId IS NULL OR step_id = @stepId)", new { stepId });
    });

    /// <summary>Validates and stores an image on a step.</summary>
    public ImageRecord RegisterImage(string step, ImageKind kind, string alias, IReadOnlyList<string> attributes) =>
        Write((connection, transaction) =>
        {
            var target = FindStep(connection, transaction, step);
            var problems = new List<string>();
            if (!Names.IsValidLogicalName(alias))
            {
                problems.Add($"'{alias}' is not a valid image alias: use letters, digits and underscores, starting with a letter or underscore");
            }

            problems.AddRange(attributes
                .Where(attribute => !Names.IsValidLogicalName(attribute))
                .Select(attribute => $"'{attribute}' is not a valid attribute name: use letters, digits and underscores"));

            var wantsPre = kind is ImageKind.Pre or ImageKind.Both;
            var wantsPost = kind is ImageKind.Post or ImageKind.Both;
            if (wantsPre && target.Message is not ("Update" or "Delete"))
            {
                problems.Add($"a pre image needs a record that existed before the operation: Update and Delete have one, {target.Message} does not");
            }

            if (wantsPost && target.Message is not ("Create" or "Update"))
            {
                problems.Add($"a post image needs a record that exists after the operation: Create and Update have one, {target.Message} does not");
            }

            if (wantsPost && target.Stage != 40)
            {
                problems.Add($"a post image is only available at stage 40 (postoperation); step '{target.Name}' runs at stage {target.Stage}");
            }

            if (connection.ExecuteScalar<int>(
                    "SELECT COUNT(*) FROM step_images WHERE step_id = @id AND alias = @alias",
                    new { id = target.Id.ToString(), alias },
                    transaction) > 0)
            {
                problems.Add($"step '{target.Name}' already has an image with alias '{alias}'");
            }

            if (problems.Count > 0)
            {
                throw new RegistrationException(problems);
            }

            var id = Guid.NewGuid();
            connection.Execute(
                "INSERT INTO step_images (id, step_id, kind, alias, attributes, registered_on) VALUES (@id, @stepId, @kind, @alias, @attributes, @now)",
                new { id = id.ToString(), stepId = target.Id.ToString(), kind = (int)kind, alias, attributes = JoinList(attributes), now = Now() },
                transaction);
            return new ImageRecord(id, target.Id, kind, alias, attributes);
        });

    /// <summary>Removes an image by id.</summary>
    public ImageRecord RemoveImage(string id) => Write((connection, transaction) =>
    {
        var image = Guid.TryParse(id, out var imageId)
            ? ReadImages(connection, transaction, "WHERE id = @id", new { id = imageId.ToString() }).SingleOrDefault()
            : null;
        if (image is null)
        {
            throw new RegistrationException($"no image has the id '{id}'");
        }

        connection.Execute("DELETE FROM step_images WHERE id = @id", new { id = image.Id.ToString() }, transaction);
        return image;
    });

    private static List<ImageRecord> ReadImages(IDbConnection connection, IDbTransaction? transaction, string where, object parameters) =>
        connection.Query<(string Id, string StepId, long Kind, string Alias, string? Attributes)>(
                $"SELECT id, step_id, kind, alias, attributes FROM step_images {where} ORDER BY step_id, alias", parameters, transaction)
            .Select(row => new ImageRecord(Guid.Parse(row.Id), Guid.Parse(row.StepId), (ImageKind)row.Kind, row.Alias, Names.SplitList(row.Attributes)))
            .ToList();
}
