package halo.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The capability types a {@link GenerativeModel} may implement, with the words the result tables and
 * error messages use for them, and the checks callers make. A model has a capability when it
 * implements its type; nothing else records it.
 */
public final class Capabilities {
  private Capabilities() {}

  /** Every capability type, with what it is called in tables and messages. */
  public static final Map<Class<?>, String> NAMES = names();

  private static Map<Class<?>, String> names() {
    Map<Class<?>, String> m = new LinkedHashMap<>();
    m.put(VisitProbabilities.class, "per-code visit probabilities");
    m.put(RecordLikelihood.class, "record likelihood");
    m.put(LabelConditioning.class, "label conditioning");
    m.put(PrefixContinuation.class, "prefix continuation");
    m.put(RowSampling.class, "row-by-row sampling");
    m.put(Imputation.class, "imputation");
    m.put(ImputationLikelihood.class, "imputation likelihood");
    m.put(TopKSampling.class, "top-k sampling");
    return Collections.unmodifiableMap(m);
  }

  /** The capabilities {@code model} implements, in the order of {@link #NAMES}. */
  public static List<Class<?>> of(GenerativeModel model) {
    List<Class<?>> out = new ArrayList<>();
    for (Class<?> c : NAMES.keySet()) if (c.isInstance(model)) out.add(c);
    return out;
  }

  /** What a capability is called ("label conditioning"). */
  public static String name(Class<?> capability) {
    String n = NAMES.get(capability);
    if (n == null) throw new IllegalArgumentException(capability.getName() + " is not a capability; expected one of " + NAMES.values());
    return n;
  }

  /** "not applicable: gpt has no per-code visit probabilities", the value result tables show for a model a metric does not apply to. */
  public static String notApplicable(String model, Class<?> capability) {
    return "not applicable: " + model + " has no " + name(capability);
  }

  /**
   * {@code model} as {@code capability}, for a request it needs it for ("be conditioned on labels").
   *
   * @throws IllegalArgumentException naming the model and the capability when the model lacks it
   */
  public static <C> C require(GenerativeModel model, Class<C> capability, String request) {
    if (capability.isInstance(model)) return capability.cast(model);
    throw new IllegalArgumentException(model.config().kind().id() + " cannot " + request + ": it has no " + name(capability) + " ("
        + capability.getSimpleName() + "; the models with it: " + ModelKind.ids(having(capability)) + ")");
  }

  /**
   * The model kinds whose models implement {@code capability}. Which kind has which capability is
   * fixed by its class, so this is read off the classes, without building a model.
   */
  public static List<ModelKind> having(Class<?> capability) {
    return Arrays.stream(ModelKind.values()).filter(k -> capability.isAssignableFrom(k.modelClass())).toList();
  }

  /** The models of {@code models} (name to model, in order) that have {@code capability}, as that type. */
  public static <C> Map<String, C> select(Map<String, ? extends GenerativeModel> models, Class<C> capability) {
    Map<String, C> out = new LinkedHashMap<>();
    models.forEach((name, m) -> {
      if (capability.isInstance(m)) out.put(name, capability.cast(m));
    });
    return out;
  }
}
