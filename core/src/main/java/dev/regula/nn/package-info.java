/** Networks: the model registry and Regula's models (simple CNN, ResNet-20, MLP, torchvision ResNets), their stages, the dropout family as Monte Carlo capable stochastic blocks, and the model-factory hook the trainer takes. */
package dev.regula.nn;
