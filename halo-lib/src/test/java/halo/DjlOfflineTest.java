package halo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class DjlOfflineTest {

  @Test
  void givenOfflineModeWhenEngineLoadsThenItIsTheBundledLibtorch() {
    assertEquals("true", System.getProperty("ai.djl.offline"), "tests must run offline");
    Engine engine = Engine.getInstance();
    assertEquals("PyTorch", engine.getEngineName());
    assertEquals("2.7.1", engine.getVersion(), "the pytorch-native-cpu jar pinned in pom.xml");
  }

  @Test
  void givenTwoMatricesWhenMultipliedThenTheHandComputedProduct() {
    try (NDManager m = NDManager.newBaseManager()) {
      // [[1,2],[3,4]] x [[5,6],[7,8]] = [[1*5+2*7, 1*6+2*8], [3*5+4*7, 3*6+4*8]] = [[19,22],[43,50]]
      NDArray a = m.create(new float[] {1, 2, 3, 4}, new Shape(2, 2));
      NDArray b = m.create(new float[] {5, 6, 7, 8}, new Shape(2, 2));
      assertArrayEquals(new float[] {19, 22, 43, 50}, a.matMul(b).toFloatArray());
      // sigmoid(0) = 0.5 exactly
      assertEquals(0.5f, ai.djl.nn.Activation.sigmoid(m.zeros(new Shape(1))).getFloat(0));
    }
  }
}
