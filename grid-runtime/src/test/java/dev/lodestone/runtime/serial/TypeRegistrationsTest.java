package dev.lodestone.runtime.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lodestone.api.serial.TypeRegistrar;
import dev.lodestone.api.serial.TypeRegistry;
import dev.lodestone.runtime.testtasks.ReadKey;
import dev.lodestone.runtime.testtasks.Sleep;
import dev.lodestone.runtime.testtasks.TestTypes;
import dev.lodestone.runtime.testtasks.Unregistered;
import dev.lodestone.runtime.testtasks.WhoAmI;
import java.util.List;
import org.junit.jupiter.api.Test;

class TypeRegistrationsTest {

    record Alpha(int a) {
    }

    record Beta(String b) {
    }

    record Gamma(long c) {
    }

    @Test
    void derivedIdsDependOnlyOnTheClassNameAndStayInTheDerivedRange() {
        assertThat(TypeRegistrations.derivedId("com.example.Foo")).isEqualTo(TypeRegistrations.derivedId("com.example.Foo"));
        assertThat(TypeRegistrations.derivedId("com.example.Foo")).isNotEqualTo(TypeRegistrations.derivedId("com.example.Fop"));
        for (String name : List.of("", "a", "com.example.Foo", Alpha.class.getName(), "x".repeat(10_000), "données.Été")) {
            assertThat(TypeRegistrations.derivedId(name))
                    .isGreaterThanOrEqualTo(TypeRegistrations.FIRST_DERIVED_ID)
                    .isLessThan(TypeRegistrations.FIRST_DERIVED_ID + (1 << 30));
        }
    }

    /** Every JVM of a cluster, of every Lodestone version, must derive the same id: pin the function (FNV-1a). */
    @Test
    void derivedIdsArePinnedAcrossVersions() {
        assertThat(TypeRegistrations.derivedId("com.example.Foo")).isEqualTo(1_035_168_376);
        assertThat(TypeRegistrations.derivedId("java.lang.String")).isEqualTo(815_754_712);
    }

    @Test
    void registerWithoutIdUsesTheIdDerivedFromTheName() {
        TypeRegistrations r = TypeRegistrations.of(List.of(reg -> reg.register(Alpha.class)));
        assertThat(r.byId()).containsExactly(java.util.Map.entry(TypeRegistrations.derivedId(Alpha.class.getName()), Alpha.class));
    }

    @Test
    void explicitIdsMustBeInTheUserRange() {
        int first = TypeRegistry.FIRST_USER_ID;
        int last = TypeRegistrations.FIRST_DERIVED_ID - 1;
        TypeRegistrations ok = TypeRegistrations.of(List.of(reg -> {
            reg.register(Alpha.class, first);
            reg.register(Beta.class, last);
        }));
        assertThat(ok.byId()).containsEntry(first, Alpha.class).containsEntry(last, Beta.class);

        for (int bad : new int[] {first - 1, 0, -5, last + 1, Integer.MAX_VALUE}) {
            assertThatThrownBy(() -> TypeRegistrations.of(List.of(reg -> reg.register(Alpha.class, bad))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(Alpha.class.getName())
                    .hasMessageContaining(Integer.toString(bad))
                    .hasMessageContaining(first + ".." + last);
        }
    }

    @Test
    void registeringTheSameClassTwiceWithTheSameIdIsHarmless() {
        TypeRegistrations r = TypeRegistrations.of(List.of(reg -> reg.register(Alpha.class, 5000), reg -> reg.register(Alpha.class, 5000),
                reg -> reg.register(Beta.class), reg -> reg.register(Beta.class)));
        assertThat(r.byId()).hasSize(2).containsEntry(5000, Alpha.class);
    }

    @Test
    void theSameClassUnderTwoIdsIsRefused() {
        assertThatThrownBy(() -> TypeRegistrations.of(List.of(reg -> reg.register(Alpha.class, 5000),
                reg -> reg.register(Alpha.class, 5001))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Alpha.class.getName()).hasMessageContaining("5000").hasMessageContaining("5001");
        assertThatThrownBy(() -> TypeRegistrations.of(List.of(reg -> reg.register(Alpha.class), reg -> reg.register(Alpha.class, 5001))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Alpha.class.getName()).hasMessageContaining("twice");
    }

    @Test
    void anIdClashIsRefusedNamingBothClasses() {
        assertThatThrownBy(() -> TypeRegistrations.of(List.of(reg -> reg.register(Alpha.class, 7000),
                reg -> reg.register(Beta.class, 7000))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7000")
                .hasMessageContaining(Alpha.class.getName())
                .hasMessageContaining(Beta.class.getName());
    }

    @Test
    void theDigestIgnoresRegistrationOrderAndRegistrarOrder() {
        TypeRegistrar ab = reg -> {
            reg.register(Alpha.class);
            reg.register(Beta.class, 4242);
        };
        TypeRegistrar ba = reg -> {
            reg.register(Beta.class, 4242);
            reg.register(Alpha.class);
        };
        TypeRegistrar g = reg -> reg.register(Gamma.class);
        TypeRegistrations one = TypeRegistrations.of(List.of(ab, g));
        TypeRegistrations two = TypeRegistrations.of(List.of(g, ba));
        assertThat(one.digest()).isEqualTo(two.digest());
        assertThat(one.byId()).isEqualTo(two.byId());
        assertThat(one.describe()).isEqualTo(two.describe());
    }

    @Test
    void theDigestChangesWhenAClassOrAnIdDiffers() {
        long base = TypeRegistrations.of(List.of(reg -> {
            reg.register(Alpha.class);
            reg.register(Beta.class, 4242);
        })).digest();
        long otherClass = TypeRegistrations.of(List.of(reg -> {
            reg.register(Alpha.class);
            reg.register(Gamma.class, 4242);
        })).digest();
        long otherId = TypeRegistrations.of(List.of(reg -> {
            reg.register(Alpha.class);
            reg.register(Beta.class, 4243);
        })).digest();
        long extra = TypeRegistrations.of(List.of(reg -> {
            reg.register(Alpha.class);
            reg.register(Beta.class, 4242);
            reg.register(Gamma.class);
        })).digest();
        long none = TypeRegistrations.of(List.of()).digest();
        assertThat(List.of(base, otherClass, otherId, extra, none)).doesNotHaveDuplicates();
    }

    @Test
    void registrationsFromTheClassPathFindTheServiceListedRegistrarThenFreeze() {
        TypeRegistrations r = TypeRegistrations.fromClassPath(getClass().getClassLoader());
        assertThat(r.byId().values()).contains(ReadKey.class, Sleep.class, WhoAmI.class).doesNotContain(Unregistered.class);
        assertThat(r.digest()).isEqualTo(TypeRegistrations.of(List.of(new TestTypes())).digest());
        assertThatThrownBy(() -> r.register(Alpha.class)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Alpha.class.getName());
        assertThatThrownBy(() -> r.register(Alpha.class, 5000)).isInstanceOf(IllegalStateException.class);
        assertThat(r.byId().values()).doesNotContain(Alpha.class);
    }

    @Test
    void registrationsBuiltFromRegistrarsAreFrozenToo() {
        TypeRegistrations r = TypeRegistrations.of(List.of(reg -> reg.register(Alpha.class)));
        assertThatThrownBy(() -> r.register(Beta.class)).isInstanceOf(IllegalStateException.class).hasMessageContaining("TypeRegistrar");
        assertThatThrownBy(() -> r.byId().put(1, Beta.class)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(r.byId()).hasSize(1);
    }

    @Test
    void describeListsClassesWithTheirIds() {
        TypeRegistrations r = TypeRegistrations.of(List.of(reg -> reg.register(Alpha.class, 1234)));
        assertThat(r.describe()).isEqualTo("[" + Alpha.class.getName() + "=1234]");
        assertThat(TypeRegistrations.of(List.of()).describe()).isEqualTo("[]");
    }
}
