package io.runnel.state.serde;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.DefaultSerializers;
import com.esotericsoftware.kryo.serializers.ImmutableCollectionsSerializers;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import com.esotericsoftware.kryo.util.Pool;
import io.runnel.state.StateConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Kryo for objects that have no other serde: the default for values of user types (DESIGN.md
 * decision 6).
 *
 * <p>Class registration is required by default, because deserializing arbitrary classes named by
 * the bytes is a remote-code-execution hole. Serializing or deserializing an unregistered class
 * throws {@link UnregisteredClassException} naming it. Kryo writes a registered class as its id,
 * and ids follow registration order: built-in JDK types first (a fixed list that only grows at its
 * end), then the classes registered here in order. Data written by one registration list is read
 * back only by the same list or one that extends it at the end.
 *
 * <p>Java records, collections (including {@code List.of} and friends) and nested objects are
 * supported; classes need no no-arg constructor. Object graphs must be acyclic (references are off:
 * that keeps the encoding compact).
 *
 * <p>Immutable and thread-safe: a {@link Kryo} instance is not, so each call borrows one from a
 * pool. {@link #register} returns a new serde.
 *
 * @param <T> the value type
 */
public final class KryoSerde<T> implements Serde<T> {
  private static final int POOL_SIZE = 64;

  /** Built-in registrations, after Kryo's own defaults. Append only: ids follow this order. */
  private static final List<Class<?>> JDK_TYPES =
      List.of(
          ArrayList.class,
          LinkedList.class,
          ArrayDeque.class,
          HashMap.class,
          LinkedHashMap.class,
          TreeMap.class,
          HashSet.class,
          LinkedHashSet.class,
          TreeSet.class,
          Collections.emptyList().getClass(),
          Collections.emptyMap().getClass(),
          Collections.emptySet().getClass(),
          Object[].class,
          String[].class,
          byte[].class,
          int[].class,
          long[].class,
          double[].class,
          BigInteger.class,
          BigDecimal.class,
          Instant.class,
          Duration.class,
          LocalDate.class,
          LocalTime.class,
          LocalDateTime.class);

  private final Class<T> type;
  private final List<Class<?>> registrations;
  private final boolean registrationRequired;
  private final Pool<Kryo> pool;

  private KryoSerde(Class<T> type, List<Class<?>> registrations, boolean registrationRequired) {
    this.type = type;
    this.registrations = List.copyOf(registrations);
    this.registrationRequired = registrationRequired;
    this.pool =
        new Pool<>(true, false, POOL_SIZE) {
          @Override
          protected Kryo create() {
            return newKryo();
          }
        };
  }

  /** A serde for any registered class, with registration required. */
  public static KryoSerde<Object> create() {
    return new KryoSerde<>(Object.class, List.of(), true);
  }

  /** A serde for values of {@code type}, which is registered, with registration required. */
  public static <T> KryoSerde<T> create(Class<T> type) {
    Objects.requireNonNull(type, "type");
    return new KryoSerde<>(type, List.of(type), true);
  }

  /**
   * A copy of this serde that also knows {@code classes}, registered after the ones already known,
   * in argument order.
   */
  public KryoSerde<T> register(Class<?>... classes) {
    List<Class<?>> all = new ArrayList<>(registrations);
    for (Class<?> c : classes) {
      all.add(Objects.requireNonNull(c, "class"));
    }
    return new KryoSerde<>(type, all, registrationRequired);
  }

  /**
   * A copy of this serde with registration required or not. Turning it off accepts any class named
   * by the bytes: only for data you trust.
   */
  public KryoSerde<T> registrationRequired(boolean required) {
    return new KryoSerde<>(type, registrations, required);
  }

  /**
   * A serde configured by {@link StateConfig#KRYO_REGISTRATIONS} and {@link
   * StateConfig#KRYO_REGISTRATION_REQUIRED}.
   */
  public static KryoSerde<Object> fromConfig(StateConfig config) {
    return create()
        .register(config.kryoRegistrations().toArray(new Class<?>[0]))
        .registrationRequired(config.kryoRegistrationRequired());
  }

  /** The classes registered by the user, in id order. */
  public List<Class<?>> registrations() {
    return registrations;
  }

  /** Whether unregistered classes are refused. */
  public boolean isRegistrationRequired() {
    return registrationRequired;
  }

  @Override
  public byte[] serialize(T value) {
    if (value == null) {
      return null;
    }
    Kryo kryo = pool.obtain();
    try {
      Output output = new Output(64, -1);
      kryo.writeClassAndObject(output, value);
      return output.toBytes();
    } catch (KryoException | IllegalArgumentException e) {
      throw translate(e, "serialize a " + value.getClass().getName());
    } finally {
      pool.free(kryo);
    }
  }

  @Override
  public T deserialize(byte[] bytes) {
    if (bytes == null) {
      return null;
    }
    Kryo kryo = pool.obtain();
    Object value;
    try {
      value = kryo.readClassAndObject(new Input(bytes));
    } catch (KryoException | IllegalArgumentException e) {
      throw translate(
          e,
          "deserialize a "
              + type.getName()
              + " (are the same classes registered in the same order as when it was written?)");
    } finally {
      pool.free(kryo);
    }
    if (value != null && !type.isInstance(value)) {
      throw new SerdeException(
          "cannot deserialize a " + type.getName() + ": the bytes hold a " + value.getClass());
    }
    return type.cast(value);
  }

  private static RuntimeException translate(RuntimeException e, String what) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof UnregisteredClassException unregistered) {
        return unregistered;
      }
    }
    return new SerdeException("cannot " + what + " with Kryo: " + e.getMessage(), e);
  }

  private Kryo newKryo() {
    Kryo kryo = new RegistrationCheckingKryo();
    kryo.setRegistrationRequired(true);
    kryo.setReferences(false);
    kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    for (Class<?> c : JDK_TYPES) {
      kryo.register(c);
    }
    // Kryo has a serializer for UUID but does not make it the default.
    kryo.register(UUID.class, new DefaultSerializers.UUIDSerializer());
    ImmutableCollectionsSerializers.registerSerializers(kryo);
    for (Class<?> c : registrations) {
      kryo.register(c);
    }
    kryo.setRegistrationRequired(registrationRequired);
    return kryo;
  }

  /** Throws our exception, naming the class and the fixes, for an unregistered class. */
  private static final class RegistrationCheckingKryo extends Kryo {
    // Kryo declares the parameter as a raw Class; an override must match it.
    @SuppressWarnings("rawtypes")
    @Override
    public Registration getRegistration(Class type) {
      try {
        return super.getRegistration(type);
      } catch (IllegalArgumentException e) {
        // Kryo throws this only for a class it may not register implicitly.
        if (isRegistrationRequired()) {
          throw new UnregisteredClassException(type.getName());
        }
        throw e;
      }
    }
  }
}
